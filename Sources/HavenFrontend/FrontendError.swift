import HavenCore

/// Errors of the command-line front end: short, lower-case, quoting the value at fault.
public enum FrontendError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case invalidRules(count: Int)
    case emptyMessage
    case readFailed(String)
    case writeFailed
    case invalidLabels(count: Int)
    case noLabelledMessages(String)
    case crisisRecallBelowMinimum(recall: Double, caught: Int, labelled: Int, minimum: Double)
    case noMessages(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read '\(path)'"
        case .invalidRules(let count): "the rules have \(count) error\(count == 1 ? "" : "s")"
        case .emptyMessage: "the message is empty: give it as arguments or on standard input"
        case .readFailed(let reason): "cannot read standard input: \(reason)"
        case .writeFailed: "cannot write to standard output"
        case .invalidLabels(let count): "the labelled set has \(count) error\(count == 1 ? "" : "s")"
        case .noLabelledMessages(let path): "'\(path)' has no labelled messages"
        case .noMessages(let path): "'\(path)' has no messages"
        case .cannotWrite(let path): "cannot write '\(path)'"
        case .crisisRecallBelowMinimum(let recall, let caught, let labelled, let minimum):
            "crisis recall \(JSON.number(recall)) (\(caught) of \(labelled)) is below the minimum \(minimum)"
        }
    }
}

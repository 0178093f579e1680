/// Errors of the command-line front end: short, lower-case, quoting the value at fault.
public enum FrontendError: Error, Sendable, Equatable, CustomStringConvertible {
    case noRuleFolder(String)
    case noRuleFiles(String)
    case unreadable(String)
    case invalidRules(count: Int)
    case emptyMessage
    case readFailed(String)
    case writeFailed

    public var description: String {
        switch self {
        case .noRuleFolder(let path): "rule folder '\(path)' does not exist"
        case .noRuleFiles(let path): "rule folder '\(path)' has no .yaml files"
        case .unreadable(let path): "cannot read '\(path)'"
        case .invalidRules(let count): "the rules have \(count) error\(count == 1 ? "" : "s")"
        case .emptyMessage: "the message is empty: give it as arguments or on standard input"
        case .readFailed(let reason): "cannot read standard input: \(reason)"
        case .writeFailed: "cannot write to standard output"
        }
    }
}

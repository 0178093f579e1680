/// Errors of reading a rule folder from disk: short, lower-case, quoting the path at fault.
public enum RuleFilesError: Error, Sendable, Equatable, CustomStringConvertible {
    case noRuleFolder(String)
    case noRuleFiles(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .noRuleFolder(let path): "rule folder '\(path)' does not exist"
        case .noRuleFiles(let path): "rule folder '\(path)' has no .yaml files"
        case .unreadable(let path): "cannot read '\(path)'"
        }
    }
}

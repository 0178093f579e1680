/// Errors of the state store: short, lower-case, quoting the value at fault.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(String, String)
    case sqlite(String)
    case corruptState(String)
    case newerSchema(Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open state file '\(path)': \(reason)"
        case .sqlite(let message): "sqlite: \(message)"
        case .corruptState(let key): "stored state for '\(key)' cannot be read"
        case .newerSchema(let version): "the state file has schema version \(version), newer than this Haven understands"
        }
    }
}

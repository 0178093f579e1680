/// Errors of the state store: short, lower-case, quoting the value at fault.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(String, String)
    case sqlite(String)
    case corruptState(String)
    case newerSchema(Int)
    /// PostgreSQL: where (host, port, database; never the password) and libpq's reason.
    case cannotConnect(String, String)
    /// PostgreSQL: the SQLSTATE code and the server's primary message (never a statement's values).
    case postgres(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open state file '\(path)': \(reason)"
        case .sqlite(let message): "sqlite: \(message)"
        case .corruptState(let key): "stored state for '\(key)' cannot be read"
        case .newerSchema(let version):
            "the state file has schema version \(version), newer than this Haven understands"
        case .cannotConnect(let place, let reason): "cannot connect to postgres at '\(place)': \(reason)"
        case .postgres(let message): "postgres: \(message)"
        }
    }
}

/// Errors of the Matrix adapter: short, lower-case, quoting the value at fault (never a token).
public enum MatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The access token was rejected (401 / M_UNKNOWN_TOKEN): the adapter stops.
    case unauthorized(String)
    /// The homeserver answered with an error.
    case server(status: Int, errcode: String)
    /// 429 M_LIMIT_EXCEEDED: wait this long, then send the same request again.
    case rateLimited(milliseconds: Int)
    /// The request did not get an answer (network, timeout, homeserver down).
    case unreachable(String)
    /// The homeserver's answer could not be read.
    case malformed(String)

    public var description: String {
        switch self {
        case .unauthorized(let errcode):
            "the homeserver rejected the access token (\(errcode)); the Matrix adapter stops"
        case .server(let status, let errcode): "the homeserver answered \(status) \(errcode)"
        case .rateLimited(let milliseconds): "rate limited by the homeserver for \(milliseconds) ms"
        case .unreachable(let detail): "the homeserver is unreachable: \(detail)"
        case .malformed(let what): "the homeserver's answer to \(what) could not be read"
        }
    }

    /// Whether waiting and trying again can help.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .rateLimited: true
        case .server(let status, _): status >= 500 || status == 408
        default: false
        }
    }
}

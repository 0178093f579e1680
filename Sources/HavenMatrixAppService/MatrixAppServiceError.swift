/// Errors of the application-service listener: each is a Matrix error response
/// (`{"errcode": …, "error": …}`), short and lower-case, never holding a token or message text.
public enum MatrixAppServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Authorization: Bearer` token: 401 `M_UNAUTHORIZED`.
    case missingToken
    /// A token that is not the `hs_token`: 403 `M_FORBIDDEN`.
    case wrongToken
    /// No such endpoint: 404 `M_UNRECOGNIZED`.
    case unrecognized(String)
    /// A user or room alias the service does not provide: 404 `M_NOT_FOUND`.
    case notFound(String)
    /// The endpoint exists with another method: 405 `M_UNRECOGNIZED`.
    case methodNotAllowed(String)
    /// The body is larger than the limit (bytes): 413 `M_TOO_LARGE`.
    case bodyTooLarge(Int)
    /// The body is not JSON: 400 `M_NOT_JSON`.
    case notJSON
    /// The body is JSON of the wrong shape, or nested deeper than the limit: 400 `M_BAD_JSON`.
    case badJSON(String)
    /// The store or the homeserver failed: 500 `M_UNKNOWN`, so the homeserver sends the
    /// transaction again.
    case unavailable

    /// The HTTP status.
    public var status: Int {
        switch self {
        case .missingToken: 401
        case .wrongToken: 403
        case .unrecognized, .notFound: 404
        case .methodNotAllowed: 405
        case .bodyTooLarge: 413
        case .notJSON, .badJSON: 400
        case .unavailable: 500
        }
    }

    /// The Matrix error code.
    public var errcode: String {
        switch self {
        case .missingToken: "M_UNAUTHORIZED"
        case .wrongToken: "M_FORBIDDEN"
        case .unrecognized, .methodNotAllowed: "M_UNRECOGNIZED"
        case .notFound: "M_NOT_FOUND"
        case .bodyTooLarge: "M_TOO_LARGE"
        case .notJSON: "M_NOT_JSON"
        case .badJSON: "M_BAD_JSON"
        case .unavailable: "M_UNKNOWN"
        }
    }

    public var description: String {
        switch self {
        case .missingToken: "no access token: send the hs_token as 'Authorization: Bearer'"
        case .wrongToken: "the access token is not this service's hs_token"
        case .unrecognized(let path): "unrecognised request '\(path)'"
        case .notFound(let what): "'\(what)' is not provided by this service"
        case .methodNotAllowed(let method): "method '\(method)' is not allowed here"
        case .bodyTooLarge(let limit): "the body is larger than \(limit) bytes"
        case .notJSON: "the body is not JSON"
        case .badJSON(let what): "the body is not a transaction: \(what)"
        case .unavailable: "the transaction could not be handled now; send it again"
        }
    }
}

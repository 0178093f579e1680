/// Errors of the webhook adapter: short, lower-case messages that quote the value at fault.
///
/// Request errors carry the HTTP status they are answered with; their messages never hold
/// message text, signatures or secrets, so they are safe to send back and to log.
public enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An environment variable named in the configuration is not set (startup).
    case missingEnvironment(String)
    /// An environment variable does not hold what the configuration needs there (startup).
    case invalidEnvironment(String, expected: String)
    /// No endpoint has this path (404).
    case notFound(String)
    /// The method is not the one the path accepts (405).
    case methodNotAllowed(String, allowed: String)
    /// The body is larger than the limit (413).
    case bodyTooLarge(Int)
    /// The content type is not one the endpoint accepts (415).
    case unsupportedContentType(String, expected: String)
    /// A header the signature scheme needs is missing (401).
    case missingHeader(String)
    /// A signature or token header is present but malformed (401).
    case invalidHeader(String)
    /// The signed timestamp is too old or too far in the future (401).
    case staleTimestamp(Int64, toleranceSeconds: Int)
    /// No signature matches (401).
    case badSignature
    /// The Mattermost token is missing or wrong (401).
    case badToken
    /// The body is not valid JSON, or not an object (400).
    case malformedJSON
    /// The body is not valid form encoding (400).
    case malformedForm
    /// A required field is missing or has the wrong type (400).
    case missingField(String)
    /// A field has an unusable value (400).
    case invalidField(String, expected: String)
    /// A rate limit was exceeded (429); `retryAfter` is in whole seconds.
    case rateLimited(scope: String, retryAfter: Int)
    /// The state store failed; the sender should try again (503).
    case unavailable
    /// The request did not arrive whole within this many seconds of its first byte (408).
    case requestTimeout(Int)
    /// The request headers are over the listener's limits (431).
    case headersTooLarge
    /// The bytes are not an HTTP/1.1 request (400).
    case malformedRequest

    /// The HTTP status a request error is answered with (500 for startup errors).
    public var status: Int {
        switch self {
        case .missingEnvironment, .invalidEnvironment: 500
        case .notFound: 404
        case .methodNotAllowed: 405
        case .bodyTooLarge: 413
        case .unsupportedContentType: 415
        case .missingHeader, .invalidHeader, .staleTimestamp, .badSignature, .badToken: 401
        case .malformedJSON, .malformedForm, .missingField, .invalidField, .malformedRequest: 400
        case .requestTimeout: 408
        case .headersTooLarge: 431
        case .rateLimited: 429
        case .unavailable: 503
        }
    }

    /// A stable machine-readable code for the JSON error body.
    public var code: String {
        switch self {
        case .missingEnvironment, .invalidEnvironment: "configuration"
        case .notFound: "not-found"
        case .methodNotAllowed: "method-not-allowed"
        case .bodyTooLarge: "body-too-large"
        case .unsupportedContentType: "unsupported-content-type"
        case .missingHeader, .invalidHeader, .staleTimestamp, .badSignature, .badToken: "unauthorized"
        case .malformedJSON, .malformedForm, .missingField, .invalidField, .malformedRequest: "malformed"
        case .requestTimeout: "timeout"
        case .headersTooLarge: "headers-too-large"
        case .rateLimited: "rate-limited"
        case .unavailable: "unavailable"
        }
    }

    public var description: String {
        switch self {
        case .missingEnvironment(let name): "the environment variable '\(name)' is not set"
        case .invalidEnvironment(let name, let expected): "the environment variable '\(name)' does not hold \(expected)"
        case .notFound(let path): "no webhook endpoint at '\(Self.clip(path))'"
        case .methodNotAllowed(let method, let allowed):
            "method '\(Self.clip(method))' is not allowed here; use \(allowed)"
        case .bodyTooLarge(let limit): "the body is larger than \(limit) bytes"
        case .unsupportedContentType(let type, let expected):
            "content type '\(Self.clip(type))' is not accepted here; send \(expected)"
        case .missingHeader(let name): "missing '\(name)' header"
        case .invalidHeader(let name): "invalid '\(name)' header"
        case .staleTimestamp(let time, let tolerance): "timestamp \(time) is more than \(tolerance) seconds from now"
        case .badSignature: "the signature does not match"
        case .badToken: "the token is missing or does not match"
        case .malformedJSON: "the body is not a valid JSON object"
        case .malformedForm: "the body is not valid form encoding"
        case .missingField(let name): "missing field '\(name)'"
        case .invalidField(let name, let expected): "field '\(name)' must be \(expected)"
        case .rateLimited(let scope, let seconds): "too many requests \(scope); retry in \(seconds) s"
        case .unavailable: "the state store is unavailable; send the request again"
        case .requestTimeout(let seconds): "the request did not arrive whole within \(seconds) seconds"
        case .headersTooLarge:
            "the request headers are too large (at most \(WebhookHTTPChannel.maxHeaderCount) headers, "
                + "\(WebhookHTTPChannel.maxHeaderFieldBytes) bytes each, \(WebhookHTTPChannel.maxHeaderBytes) in all)"
        case .malformedRequest: "the request is not valid HTTP/1.1"
        }
    }

    /// Quoted request values are cut short: they come from the sender.
    private static func clip(_ text: String) -> String {
        text.count > 64 ? String(text.prefix(64)) + "…" : text
    }
}

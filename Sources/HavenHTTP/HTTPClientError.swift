/// Why an HTTP request failed: short, lower-case messages that quote the value at fault.
///
/// A response with an error status (404, 503, ...) is not an error: ``HTTPClient`` returns it
/// as an ``HTTPResponse``. These cases are for requests that never got a whole response.
/// Messages name the host and port, never the path, query, headers or body, so they are safe
/// to log.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an absolute `http` or `https` URL.
    case invalidURL(String)
    /// The method is not an HTTP token.
    case invalidMethod(String)
    /// A request header's name is not an HTTP token, or its value holds CR, LF or NUL.
    case invalidHeader(String)
    /// The host could not be resolved or did not accept the connection (refused, unreachable).
    case connectFailed(host: String, detail: String)
    /// The connect timeout, the total timeout or the low-speed limit ran out.
    case timedOut(host: String, detail: String)
    /// The connection broke before the whole response arrived (reset, closed mid-body, empty reply).
    case connectionLost(host: String, detail: String)
    /// The TLS handshake or the certificate check failed.
    case tls(host: String, detail: String)
    /// The response body is larger than the configured cap; the transfer was aborted.
    case responseTooLarge(host: String, limit: Int)
    /// libcurl reported another failure; `code` is its `CURLcode`.
    case transport(host: String, code: Int, detail: String)
    /// The calling task was cancelled; the transfer was aborted.
    case cancelled
    /// The client was shut down before the request finished.
    case shutDown

    /// A short message that names the value at fault.
    ///
    /// An invalid URL is quoted up to its query: queries may carry tokens, so they are shown as `?…`.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid url '\(Self.redactingQuery(url))': only absolute http and https urls are accepted"
        case .invalidMethod(let method): "invalid http method '\(method)'"
        case .invalidHeader(let name): "invalid header '\(name)'"
        case .connectFailed(let host, let detail): "cannot connect to '\(host)': \(detail)"
        case .timedOut(let host, let detail): "request to '\(host)' timed out: \(detail)"
        case .connectionLost(let host, let detail): "connection to '\(host)' lost: \(detail)"
        case .tls(let host, let detail): "tls failure with '\(host)': \(detail)"
        case .responseTooLarge(let host, let limit): "response from '\(host)' is larger than \(limit) bytes"
        case .transport(let host, let code, let detail): "request to '\(host)' failed: \(detail) (curl error \(code))"
        case .cancelled: "request cancelled"
        case .shutDown: "http client is shut down"
        }
    }

    /// Whether the failure is transient at the network level: refused, timed out or reset.
    ///
    /// ``RetryPolicy`` retries these; nothing else (invalid input, TLS, oversized responses,
    /// cancellation) is worth a second attempt.
    public var isTransient: Bool {
        switch self {
        case .connectFailed, .timedOut, .connectionLost: true
        default: false
        }
    }

    static func redactingQuery(_ url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return url }
        return url[..<mark] + "?…"
    }
}

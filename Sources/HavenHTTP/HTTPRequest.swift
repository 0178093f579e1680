/// A request for ``HTTPClient``: method, URL, headers, body and an optional timeout.
///
/// ```swift
/// let request = HTTPRequest(
///     method: .post,
///     url: "https://example.org/hooks/1",
///     headers: ["Content-Type": "application/json"],
///     body: Array(#"{"text":"hello"}"#.utf8)
/// )
/// ```
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    /// The method; `GET` by default.
    public var method: HTTPMethod
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Header fields sent as given. A `User-Agent` here replaces the configured one.
    public var headers: HTTPHeaders
    /// The body bytes; sent with a `Content-Length` when not empty, or for POST, PUT and PATCH.
    public var body: [UInt8]
    /// The total time allowed for this request, replacing the configured total timeout.
    ///
    /// Use it for long polls (such as a Matrix `/sync` that the server holds for 30 s).
    /// When it is longer than the configured low-speed window, that window is stretched to it,
    /// so a silent but healthy long poll is not cut off as a stall.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The method, the URL without its query, and the body size: nothing that may hold secrets.
    public var description: String {
        "\(method) \(HTTPClientError.redactingQuery(url)) (\(body.count) bytes)"
    }
}

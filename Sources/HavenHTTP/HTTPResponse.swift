/// A complete response: status, headers and the whole body.
///
/// Any status is a response, including 4xx and 5xx: check ``status`` or ``isSuccess``.
public struct HTTPResponse: Sendable, Equatable, CustomStringConvertible {
    /// The status code, for example 200.
    public var status: Int
    /// The header fields of the final response, with case-insensitive lookup.
    public var headers: HTTPHeaders
    /// The body bytes, at most the configured response-size cap.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded as UTF-8, with invalid sequences replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The status and the body size; the body itself is left out.
    public var description: String {
        "\(status) (\(body.count) bytes)"
    }
}

/// A request as ``TestHTTPServer`` received it: method, target, headers, body and arrival time.
public struct TestHTTPRequest: Sendable {
    /// The request's position among all requests the server received, from 0.
    public var index: Int
    /// The method, for example `POST`.
    public var method: String
    /// The request target as sent: path and query, for example `/hooks/1?wait=true`.
    public var uri: String
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// When the whole request had arrived, on the continuous clock.
    public var receivedAt: ContinuousClock.Instant

    /// Creates a record; the server makes these, tests rarely need to.
    public init(
        index: Int,
        method: String,
        uri: String,
        headers: [(name: String, value: String)],
        body: [UInt8],
        receivedAt: ContinuousClock.Instant
    ) {
        self.index = index
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The path without the query.
    public var path: String {
        String(uri.prefix { $0 != "?" })
    }

    /// The query without the `?`, or `nil` when there is none.
    public var query: String? {
        guard let mark = uri.firstIndex(of: "?") else { return nil }
        return String(uri[uri.index(after: mark)...])
    }

    /// The body decoded as UTF-8.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The first value of the header `name`, ignoring case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the header `name`, ignoring case.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}

import CCurl

/// A validated request with every libcurl setting worked out, ready to hand to the transfer loop.
///
/// Validation happens on the caller's task, so bad input fails fast with a precise error and
/// the loop thread only ever sees requests that libcurl will accept.
struct PreparedRequest: Sendable {
    /// The method token, for example `GET`.
    let method: String
    /// The URL exactly as given.
    let url: String
    /// `host:port`, for errors and logs.
    let authority: String
    /// The path without query or fragment, for logs.
    let path: String
    /// `Name: value` lines for `CURLOPT_HTTPHEADER`.
    let headerLines: [String]
    /// The request body.
    let body: [UInt8]
    /// Whether the body (possibly empty) is sent with a `Content-Length`.
    let sendsBody: Bool
    /// Whether the method is `HEAD`, which has no response body.
    let isHead: Bool
    /// The `User-Agent` set through `CURLOPT_USERAGENT`, or `nil` when a header sets it.
    let userAgent: String?
    let connectTimeoutMilliseconds: Int
    let timeoutMilliseconds: Int
    let lowSpeedLimit: Int
    let lowSpeedTimeSeconds: Int
    let maxResponseSize: Int
    let caBundlePath: String?
    let maxRedirects: Int

    /// Checks `request` and combines it with `configuration`.
    init(_ request: HTTPRequest, configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        let method = request.method.rawValue
        guard Self.isToken(method) else { throw .invalidMethod(method) }
        let target = try Self.parse(url: request.url)

        var lines: [String] = []
        for field in request.headers {
            guard Self.isToken(field.name) else { throw .invalidHeader(field.name) }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .invalidHeader(field.name)
            }
            let value = field.value.trimmingWhitespace()
            // "Name:" would remove a header libcurl adds itself; "Name;" sends it empty.
            lines.append(value.isEmpty ? "\(field.name);" : "\(field.name): \(value)")
        }
        let sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)
        if sendsBody {
            // libcurl would otherwise label the body as a form and wait for "100 Continue".
            if !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
            if !request.headers.contains("Expect") { lines.append("Expect:") }
        }

        let total = request.timeout ?? configuration.timeout
        let totalMilliseconds = Self.milliseconds(total)
        self.method = method
        self.url = request.url
        self.authority = "\(target.host):\(target.port)"
        self.path = target.path
        self.headerLines = lines
        self.body = request.body
        self.sendsBody = sendsBody
        self.isHead = method == "HEAD"
        self.userAgent = request.headers.contains("User-Agent") ? nil : configuration.userAgent
        self.connectTimeoutMilliseconds = Self.milliseconds(configuration.connectTimeout)
        self.timeoutMilliseconds = totalMilliseconds
        self.lowSpeedLimit = max(1, configuration.lowSpeedLimit)
        var lowSpeedSeconds = (Self.milliseconds(configuration.lowSpeedTime) + 999) / 1000
        if request.timeout != nil {
            lowSpeedSeconds = max(lowSpeedSeconds, (totalMilliseconds + 999) / 1000)
        }
        self.lowSpeedTimeSeconds = lowSpeedSeconds
        self.maxResponseSize = max(0, configuration.maxResponseSize)
        self.caBundlePath = configuration.caBundlePath
        self.maxRedirects = max(0, configuration.maxRedirects)
    }

    // MARK: - Checks

    private struct Target {
        var host: String
        var port: String
        var path: String
    }

    /// Parses `url` with libcurl's own URL parser, so the check agrees with the transfer.
    private static func parse(url: String) throws(HTTPClientError) -> Target {
        guard let handle = curl_url() else { throw .invalidURL(url) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
            let scheme = part(handle, CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https",
            let host = part(handle, CURLUPART_HOST), !host.isEmpty,
            let port = part(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT))
        else {
            throw .invalidURL(url)
        }
        return Target(host: host, port: port, path: part(handle, CURLUPART_PATH) ?? "/")
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    /// Whether `text` is a non-empty HTTP token (RFC 9110 `tchar`s).
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// Whole milliseconds, at least 1: libcurl reads 0 as "no limit".
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return Int.max }
        return Int(max(1, total.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}

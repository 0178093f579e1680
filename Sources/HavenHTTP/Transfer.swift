import CCurl
import Synchronization

/// One request on its way through the transfer loop: its easy handle, buffers and continuation.
///
/// A transfer is made on the caller's task and handed to the loop thread through the loop's
/// locked inbox; from then on only that thread touches its handle and buffers. The only state
/// shared across threads is the atomic cancellation flag. libcurl's callbacks reach the
/// transfer through `CURLOPT_WRITEDATA`/`CURLOPT_HEADERDATA`, as an unretained pointer that
/// stays valid because the loop keeps the transfer alive while its handle is attached.
final class Transfer: @unchecked Sendable {
    typealias Outcome = Result<HTTPResponse, HTTPClientError>

    /// The validated request.
    let request: PreparedRequest
    private let cancellation = Atomic<Bool>(false)
    private var continuation: CheckedContinuation<Outcome, Never>?

    // Owned by the loop thread once the transfer is submitted.
    private(set) var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var status = 0
    private var headers: [(String, String)] = []
    private var body: [UInt8] = []
    private var exceededLimit = false

    init(_ request: PreparedRequest) {
        self.request = request
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        releaseHandle()
        errorBuffer.deallocate()
    }

    /// Whether the calling task asked to abort.
    var isCancelled: Bool { cancellation.load(ordering: .acquiring) }

    /// Marks the transfer cancelled; the loop aborts it on its next pass.
    func cancel() {
        cancellation.store(true, ordering: .releasing)
    }

    /// Sets where the outcome goes; called once, before the transfer is submitted.
    func attach(_ continuation: CheckedContinuation<Outcome, Never>) {
        self.continuation = continuation
    }

    /// Delivers the outcome to the waiting task; later calls do nothing.
    func resolve(_ outcome: Outcome) {
        releaseHandle()
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: outcome)
    }

    // MARK: - Loop thread

    /// Makes and configures the easy handle.
    ///
    /// - Returns: The handle to add to the multi handle.
    func makeHandle() throws(HTTPClientError) -> UnsafeMutableRawPointer {
        guard let handle = curl_easy_init() else {
            throw .transport(
                host: request.authority, code: Int(CURLE_FAILED_INIT.rawValue), detail: "cannot create a handle")
        }
        self.handle = handle
        try configure(handle)
        return handle
    }

    /// Turns libcurl's result for the finished handle into the outcome.
    func outcome(for code: CURLcode) -> Outcome {
        let host = request.authority
        if code == CURLE_OK {
            var responseCode = 0
            if let handle { _ = haven_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode) }
            let response = HTTPResponse(
                status: responseCode == 0 ? status : responseCode,
                headers: HTTPHeaders(headers),
                body: body
            )
            return .success(response)
        }
        if exceededLimit {
            return .failure(.responseTooLarge(host: host, limit: request.maxResponseSize))
        }
        let detail = errorDetail(for: code)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .failure(.connectFailed(host: host, detail: detail))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(.timedOut(host: host, detail: detail))
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return .failure(.connectionLost(host: host, detail: detail))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_INVALIDCERTSTATUS:
            return .failure(.tls(host: host, detail: detail))
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .failure(.invalidURL(request.url))
        case CURLE_ABORTED_BY_CALLBACK:
            return .failure(.cancelled)
        default:
            return .failure(.transport(host: host, code: Int(code.rawValue), detail: detail))
        }
    }

    // MARK: - Callbacks (loop thread, inside curl_multi_perform)

    /// Appends body bytes, or refuses them once the cap would be passed.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= request.maxResponseSize else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one header line; refuses the response early when its declared length is over the cap.
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let line = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        if line.hasPrefix("HTTP/") {
            // A new response begins (after "100 Continue" or a followed redirect): start over.
            headers.removeAll()
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        let name = String(line[..<colon]).trimmingWhitespace()
        let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
        headers.append((name, value))
        let sendsBody = !request.isHead && status >= 200 && !(300..<400).contains(status)
        if sendsBody, name.lowercased() == "content-length", let length = Int(value) {
            guard length <= request.maxResponseSize else {
                exceededLimit = true
                return false
            }
            body.reserveCapacity(length)
        }
        return true
    }

    // MARK: - Setup

    private func configure(_ handle: UnsafeMutableRawPointer) throws(HTTPClientError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(handle, CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Signals are process-wide and unsafe with threads: libcurl must not use them.
        try set(handle, CURLOPT_NOSIGNAL, 1)
        try set(handle, CURLOPT_URL, request.url)
        try set(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        try set(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")

        // Limits: always set, since libcurl's defaults are 300 s to connect and no total limit.
        try set(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds)
        try set(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        try set(handle, CURLOPT_LOW_SPEED_LIMIT, request.lowSpeedLimit)
        try set(handle, CURLOPT_LOW_SPEED_TIME, request.lowSpeedTimeSeconds)

        // TLS: verification is on whatever the configuration says; only the trust store can change.
        try set(handle, CURLOPT_SSL_VERIFYPEER, 1)
        try set(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = request.caBundlePath {
            try set(handle, CURLOPT_CAINFO, caBundlePath)
        }
        // CURLOPT_PROXY stays unset, so libcurl takes http_proxy, https_proxy and no_proxy from the environment.

        if request.maxRedirects > 0 {
            try set(handle, CURLOPT_FOLLOWLOCATION, 1)
            try set(handle, CURLOPT_MAXREDIRS, request.maxRedirects)
        } else {
            try set(handle, CURLOPT_FOLLOWLOCATION, 0)
        }

        switch request.method {
        case "GET" where !request.sendsBody:
            try set(handle, CURLOPT_HTTPGET, 1)
        case "HEAD" where !request.sendsBody:
            try set(handle, CURLOPT_NOBODY, 1)
        default:
            if request.method != "POST" {
                try set(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if request.sendsBody {
                try setBody(handle)
            }
        }

        if let userAgent = request.userAgent {
            try set(handle, CURLOPT_USERAGENT, userAgent)
        }
        for line in request.headerLines {
            guard let list = curl_slist_append(headerList, line) else {
                throw .transport(
                    host: request.authority, code: Int(CURLE_OUT_OF_MEMORY.rawValue), detail: "out of memory")
            }
            headerList = list
        }
        if headerList != nil {
            try check(haven_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        }

        try check(haven_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback))
        try set(handle, CURLOPT_WRITEDATA, pointer: context)
        try check(haven_curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback))
        try set(handle, CURLOPT_HEADERDATA, pointer: context)
    }

    /// Sets the body; libcurl copies it, so the array need not outlive the call.
    private func setBody(_ handle: UnsafeMutableRawPointer) throws(HTTPClientError) {
        try check(haven_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
        let code = request.body.withUnsafeBytes { bytes in
            // An empty body still needs a valid pointer, or libcurl reads the body from stdin.
            haven_curl_easy_setopt_pointer(
                handle,
                CURLOPT_COPYPOSTFIELDS,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(emptyBody))
            )
        }
        try check(code)
    }

    private func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(haven_curl_easy_setopt_long(handle, option, value))
    }

    private func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(haven_curl_easy_setopt_string(handle, option, value))
    }

    private func set(
        _ handle: UnsafeMutableRawPointer,
        _ option: CURLoption,
        pointer: UnsafeMutableRawPointer
    ) throws(HTTPClientError) {
        try check(haven_curl_easy_setopt_pointer(handle, option, pointer))
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw .transport(host: request.authority, code: Int(code.rawValue), detail: errorDetail(for: code))
        }
    }

    private func errorDetail(for code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer).trimmingWhitespace()
        return buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
    }

    private func releaseHandle() {
        if let handle {
            curl_easy_cleanup(handle)
            self.handle = nil
        }
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
    }
}

// MARK: - C callbacks

// Non-capturing, as C function pointers must be: the transfer arrives as the context pointer.

/// A single zero byte, the body pointer for requests whose body is empty.
private nonisolated(unsafe) let emptyBody: UnsafeMutablePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

/// `CURLOPT_WRITEFUNCTION`: returning less than the size given aborts the transfer.
private let writeCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// `CURLOPT_HEADERFUNCTION`: called once per header line, status line and blank line included.
private let headerCallback: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

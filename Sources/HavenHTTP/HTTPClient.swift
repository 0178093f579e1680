public import Logging

/// An async HTTP client over libcurl, for every outbound request Haven makes.
///
/// Transfers never run on Swift's cooperative thread pool: each client owns one thread that
/// drives all of its transfers through libcurl's multi interface, and each call suspends until
/// its transfer ends. Cancelling the calling task aborts the transfer.
///
/// Every request has a connect timeout, a total timeout, a low-speed limit and a cap on the
/// response size (see ``Configuration``). TLS is always verified. Redirects are not followed
/// unless configured. Proxies come from the `http_proxy`/`https_proxy`/`no_proxy` environment
/// variables, as libcurl reads them.
///
/// The client logs each attempt at debug level (method, host, path without query, status,
/// duration and attempt number) and each retry at info level. It never logs bodies, header
/// values or queries, so `Authorization` and tokens stay out of logs.
///
/// ```swift
/// let client = HTTPClient(logger: logger)
/// defer { client.shutdown() }
/// let response = try await client.execute(
///     HTTPRequest(method: .post, url: "https://example.org/hook", body: Array("hi".utf8)),
///     retry: .default
/// )
/// ```
public final class HTTPClient: Sendable {
    /// The limits and identity every request uses.
    public let configuration: Configuration
    private let logger: Logger
    private let loop: TransferLoop?

    /// Creates a client; its thread starts with the first request.
    ///
    /// - Parameters:
    ///   - configuration: Timeouts, size cap, user agent, CA bundle and redirects.
    ///   - logger: Where attempts and retries are logged; the client never bootstraps logging.
    public init(configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.loop = TransferLoop()
    }

    deinit {
        loop?.shutdown()
    }

    /// Stops the client's thread and frees libcurl's handles; unfinished requests fail with `.shutDown`.
    ///
    /// Requests made afterwards fail with `.shutDown`. Calling it again does nothing.
    public func shutdown() {
        loop?.shutdown()
    }

    /// Sends `request` once and returns the response, whatever its status.
    ///
    /// - Throws: ``HTTPClientError`` when no complete response arrived.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let prepared = try PreparedRequest(request, configuration: configuration)
        return try await attempt(prepared, number: 1).get()
    }

    /// Sends `request`, retrying network failures and retryable statuses as `policy` says.
    ///
    /// When every attempt is used up, the last response is returned (it may be a 503) or the
    /// last error thrown. Waits between attempts go through ``RetryPolicy/sleep``.
    ///
    /// - Throws: ``HTTPClientError`` for invalid requests, non-retryable failures, the last
    ///   network failure, or `.cancelled` when the task is cancelled while waiting.
    public func execute(_ request: HTTPRequest, retry policy: RetryPolicy) async throws(HTTPClientError) -> HTTPResponse
    {
        let prepared = try PreparedRequest(request, configuration: configuration)
        var number = 1
        while true {
            let outcome = await attempt(prepared, number: number)
            let delay: Duration
            switch outcome {
            case .success(let response):
                guard number < policy.maxAttempts, policy.shouldRetry(status: response.status) else { return response }
                delay = policy.delay(beforeRetry: number, after: response)
            case .failure(let error):
                guard number < policy.maxAttempts, policy.shouldRetry(error) else { throw error }
                delay = policy.delay(beforeRetry: number, after: nil)
            }
            logger.info(
                "HTTP request will be retried",
                metadata: metadata(prepared, attempt: number).merging(
                    ["http.retry_delay_ms": "\(Self.milliseconds(delay))"],
                    uniquingKeysWith: { $1 }
                )
            )
            do {
                try await policy.sleep(delay)
            } catch {
                throw .cancelled
            }
            guard !Task.isCancelled else { throw .cancelled }
            number += 1
        }
    }

    // MARK: - One attempt

    private func attempt(_ request: PreparedRequest, number: Int) async -> Result<HTTPResponse, HTTPClientError> {
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = await transfer(request)
        var metadata = metadata(request, attempt: number)
        metadata["http.duration_ms"] = "\(Self.milliseconds(clock.now - started))"
        switch outcome {
        case .success(let response):
            metadata["http.status"] = "\(response.status)"
            logger.debug("HTTP request completed", metadata: metadata)
        case .failure(let error):
            metadata["http.error"] = "\(error)"
            logger.debug("HTTP request failed", metadata: metadata)
        }
        return outcome
    }

    private func transfer(_ request: PreparedRequest) async -> Result<HTTPResponse, HTTPClientError> {
        guard let loop else {
            return .failure(.transport(host: request.authority, code: 2, detail: "cannot initialise libcurl"))
        }
        guard !Task.isCancelled else { return .failure(.cancelled) }
        let transfer = Transfer(request)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.attach(continuation)
                if !loop.submit(transfer) {
                    transfer.resolve(.failure(.shutDown))
                }
            }
        } onCancel: {
            transfer.cancel()
            loop.wake()
        }
    }

    /// The only request details that are logged: no query, header values or body, and only the
    /// first path segment, since incoming-webhook URLs (Slack, Discord) carry their secret in the path.
    private func metadata(_ request: PreparedRequest, attempt: Int) -> Logger.Metadata {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        let path = segments.isEmpty ? "/" : "/\(segments[0])" + (segments.count > 1 ? "/…" : "")
        return [
            "http.method": "\(request.method)",
            "http.host": "\(request.authority)",
            "http.path": "\(path)",
            "http.attempt": "\(attempt)",
        ]
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

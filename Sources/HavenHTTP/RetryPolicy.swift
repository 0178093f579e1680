import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// When and how long ``HTTPClient/execute(_:retry:)`` waits before trying a request again.
///
/// A request is retried after a network failure (connection refused, timeout, reset; see
/// ``HTTPClientError/isTransient``) or a response with status 408, 429, 500, 502, 503 or 504,
/// up to ``maxAttempts`` attempts in all. No other status is retried, and no other 4xx ever is.
///
/// The wait before retry *n* is the first of these that applies, and never longer than ``maxDelay``:
/// 1. the server's own hint from ``serverDelay`` (for example Matrix's `retry_after_ms`);
/// 2. the response's `Retry-After` header, in seconds or as an HTTP date;
/// 3. exponential backoff with full jitter: a random time between zero and
///    `min(maxDelay, baseDelay × 2^(n-1))`, or exactly that bound when ``jitter`` is `.none`.
///
/// Network failures are retried whatever the method, so a POST may reach the server twice
/// when a connection breaks after the request went out: make such requests idempotent (for
/// example with Matrix transaction ids) or pass ``never``.
///
/// ```swift
/// var policy = RetryPolicy(maxAttempts: 5)
/// policy.serverDelay = { response in
///     // Matrix puts `retry_after_ms` in the JSON body of a 429 (M_LIMIT_EXCEEDED).
///     struct LimitExceeded: Decodable { var retry_after_ms: Int }
///     let limit = try? JSONDecoder().decode(LimitExceeded.self, from: Data(response.body))
///     return limit.map { .milliseconds($0.retry_after_ms) }
/// }
/// let response = try await client.execute(request, retry: policy)
/// ```
public struct RetryPolicy: Sendable {
    /// How the backoff delay is randomised.
    public enum Jitter: Sendable, Equatable {
        /// Wait exactly the exponential bound.
        case none
        /// Wait a uniformly random time between zero and the exponential bound ("full jitter").
        case full
    }

    /// Attempts in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    /// The backoff bound before the first retry; it doubles for each further retry.
    public var baseDelay: Duration
    /// The longest wait, whatever the backoff or the server asks for.
    public var maxDelay: Duration
    /// How the backoff is randomised.
    public var jitter: Jitter
    /// Reads a server-specific delay from a retryable response, or returns `nil` to fall back.
    public var serverDelay: (@Sendable (HTTPResponse) -> Duration?)?
    /// Waits between attempts; tests replace it to record delays instead of sleeping.
    ///
    /// It should throw when the task is cancelled, as `Task.sleep` does.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a policy: 4 attempts, 0.5 s base delay, 30 s cap and full jitter by default.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        jitter: Jitter = .full,
        serverDelay: (@Sendable (HTTPResponse) -> Duration?)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.serverDelay = serverDelay
        self.sleep = sleep
    }

    /// The default policy: 4 attempts, 0.5 s base delay, 30 s cap, full jitter.
    public static var `default`: RetryPolicy { RetryPolicy() }

    /// A policy that never retries.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The statuses worth retrying: 408, 429, 500, 502, 503 and 504.
    public static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Whether a response with this status should be retried.
    public func shouldRetry(status: Int) -> Bool {
        Self.retryableStatuses.contains(status)
    }

    /// Whether a request that failed with this error should be retried.
    public func shouldRetry(_ error: HTTPClientError) -> Bool {
        error.isTransient
    }

    /// The wait before retry number `retry` (1 for the first retry), after `response` if there was one.
    ///
    /// - Parameters:
    ///   - retry: The retry about to happen, from 1.
    ///   - response: The retryable response, or `nil` after a network failure.
    ///   - now: The current time in seconds since 1970, for `Retry-After` dates; the clock by default.
    ///   - randomFraction: A number in `0..<1` that picks the jittered backoff; random by default.
    /// - Returns: A delay between zero and ``maxDelay``.
    public func delay(
        beforeRetry retry: Int,
        after response: HTTPResponse?,
        now: Int? = nil,
        randomFraction: Double? = nil
    ) -> Duration {
        if let response {
            if let hinted = serverDelay?(response) {
                return clamp(hinted)
            }
            if let header = response.headers["Retry-After"],
                let hinted = Self.retryAfter(header, now: now ?? Self.currentTime())
            {
                return clamp(hinted)
            }
        }
        return backoff(beforeRetry: retry, randomFraction: randomFraction ?? Double.random(in: 0..<1))
    }

    /// The exponential backoff before retry number `retry`, with ``jitter`` applied by `randomFraction`.
    public func backoff(beforeRetry retry: Int, randomFraction: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 62)
        let bound = min(Self.seconds(baseDelay) * Double(UInt64(1) << UInt64(exponent)), Self.seconds(maxDelay))
        let fraction = jitter == .full ? min(max(randomFraction, 0), 1) : 1
        return clamp(.seconds(bound * fraction))
    }

    /// Parses a `Retry-After` value: whole seconds, or an HTTP date compared with `now`.
    ///
    /// - Returns: The delay (zero for a date in the past), or `nil` when the value is neither form.
    public static func retryAfter(_ value: String, now: Int) -> Duration? {
        let trimmed = value.trimmingWhitespace()
        if let seconds = Int(trimmed) {
            return seconds >= 0 ? .seconds(seconds) : nil
        }
        // curl_getdate parses the RFC 7231 forms (IMF-fixdate, RFC 850, asctime).
        let date = curl_getdate(trimmed, nil)
        guard date >= 0 else { return nil }
        return .seconds(max(0, Int(date) - now))
    }

    private func clamp(_ delay: Duration) -> Duration {
        if delay < .zero { return .zero }
        return min(delay, maxDelay)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func currentTime() -> Int {
        Int(time(nil))
    }
}

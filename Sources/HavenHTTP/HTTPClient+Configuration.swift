extension HTTPClient {
    /// Limits and identity for every request an ``HTTPClient`` makes.
    ///
    /// | setting | default | libcurl option |
    /// | --- | --- | --- |
    /// | ``connectTimeout`` | 10 s | `CURLOPT_CONNECTTIMEOUT_MS` |
    /// | ``timeout`` | 60 s | `CURLOPT_TIMEOUT_MS` |
    /// | ``lowSpeedLimit`` / ``lowSpeedTime`` | 1 byte/s for 30 s | `CURLOPT_LOW_SPEED_LIMIT` / `_TIME` |
    /// | ``maxResponseSize`` | 4 MiB | enforced in the write callback |
    /// | ``userAgent`` | `haven/0.1` | `CURLOPT_USERAGENT` |
    /// | ``caBundlePath`` | system bundle | `CURLOPT_CAINFO` |
    /// | ``maxRedirects`` | 0 (not followed) | `CURLOPT_FOLLOWLOCATION` / `CURLOPT_MAXREDIRS` |
    ///
    /// TLS peer and host verification are always on; there is deliberately no setting to turn
    /// them off. Proxies come from the environment (`http_proxy`, `https_proxy`, `no_proxy`,
    /// as libcurl reads them), because the client never sets `CURLOPT_PROXY`.
    public struct Configuration: Sendable, Equatable {
        /// The time allowed to establish the connection, TLS included.
        public var connectTimeout: Duration
        /// The time allowed for a whole request; ``HTTPRequest/timeout`` overrides it per request.
        public var timeout: Duration
        /// The transfer speed, in bytes per second, below which a transfer counts as stalled.
        public var lowSpeedLimit: Int
        /// How long a transfer may stay below ``lowSpeedLimit`` before it is aborted.
        public var lowSpeedTime: Duration
        /// The largest response body accepted, in bytes; larger ones fail with `.responseTooLarge`.
        public var maxResponseSize: Int
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String
        /// A PEM file of CA certificates to trust instead of the system bundle.
        public var caBundlePath: String?
        /// How many redirects to follow; 0 returns 3xx responses as they are.
        public var maxRedirects: Int

        /// Creates a configuration; every parameter has the default listed above.
        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(60),
            lowSpeedLimit: Int = 1,
            lowSpeedTime: Duration = .seconds(30),
            maxResponseSize: Int = 4 * 1024 * 1024,
            userAgent: String = "haven/0.1",
            caBundlePath: String? = nil,
            maxRedirects: Int = 0
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.lowSpeedLimit = lowSpeedLimit
            self.lowSpeedTime = lowSpeedTime
            self.maxResponseSize = maxResponseSize
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
            self.maxRedirects = maxRedirects
        }
    }
}

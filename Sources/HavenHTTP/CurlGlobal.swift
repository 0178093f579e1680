import CCurl

/// libcurl's process-wide setup, run once before the first handle is made.
///
/// `curl_global_init` must run before any thread uses libcurl. Swift runs a global's
/// initializer exactly once, on first use, so every ``HTTPClient`` touches it in `init`, before
/// it starts a thread or makes a handle. `curl_global_cleanup` is never called: other code in
/// the process may still use libcurl, and the operating system reclaims everything at exit.
enum CurlGlobal {
    /// The result of `curl_global_init(CURL_GLOBAL_ALL)`.
    private static let initialization: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Initialises libcurl if no one has yet.
    ///
    /// - Returns: Whether libcurl is usable.
    static func ensureInitialized() -> Bool {
        initialization == CURLE_OK
    }
}

/// A running `haven serve` whose webhook adapter a test sends requests to: a child process
/// (``WebhookServeProcess``) or the server in the test's own process (``InProcessServer``).
public protocol WebhookListener: Sendable {
    /// The port the webhook adapter listens on, on 127.0.0.1.
    var port: Int { get }
    /// The state file.
    var statePath: String { get }
}

extension WebhookListener {
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The full URL of `path`, for example `url("/webhooks/slack")`.
    public func url(_ path: String) -> String { baseURL + path }
}

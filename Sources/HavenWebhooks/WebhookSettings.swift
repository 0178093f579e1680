import Foundation

/// The webhook adapter's settings (`adapters.webhooks`).
///
/// One HTTP listener serves every endpoint. Each endpoint has a name (its key under
/// `endpoints`, used in conversation ids), a path, the format it accepts, and the
/// environment variable holding its secret; replies go back in the HTTP response, or
/// through a durable outbox to an outbound URL. Secrets and secret URLs are never in the
/// file: `secretEnv`, `tokenEnv` and `urlEnv` name environment variables.
public struct WebhookSettings: Sendable, Equatable {
    public var enabled = false
    /// The address the HTTP listener binds to (loopback by default: put TLS in a reverse proxy).
    public var host = "127.0.0.1"
    public var port = 7425
    /// The largest request body accepted; larger ones get 413.
    public var maxBodyBytes = 65_536
    /// How long a request, from its first byte, has to arrive whole (head and body); then 408.
    public var requestTimeoutSeconds = 30
    /// How far a signed timestamp may be from now, either way, before the request is refused.
    public var timestampToleranceSeconds = 300
    /// Token-bucket limits: per sender (per endpoint) and for the whole listener.
    public var rateLimit = RateLimit()
    /// How the outbox delivers replies.
    public var delivery = Delivery()
    /// The endpoints, sorted by name.
    public var endpoints: [Endpoint] = []

    public init() {}

    /// Token-bucket rate limits; a rate of 0 turns that limit off.
    public struct RateLimit: Sendable, Equatable {
        /// Messages a sender may send per minute, on average.
        public var perSenderPerMinute = 30
        /// Messages a sender may send at once before the rate applies.
        public var perSenderBurst = 10
        /// Requests per second the listener accepts, on average, over all senders.
        public var globalPerSecond = 200
        /// Requests the listener accepts at once before the rate applies.
        public var globalBurst = 400

        public init() {}
    }

    /// Outbox delivery: retries with jittered exponential backoff, then the dead-letter table.
    public struct Delivery: Sendable, Equatable {
        /// The backoff bound before the first retry; it doubles for each further retry.
        public var baseDelayMilliseconds = 1000
        /// The longest wait between attempts, whatever the backoff or the server asks for.
        public var maxDelaySeconds = 300
        /// The time allowed for one delivery request.
        public var timeoutSeconds = 15
        /// A CA bundle for outbound TLS (verification is always on).
        public var caBundle: String?

        public init() {}
    }

    /// What an endpoint accepts.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// Haven's own JSON schema, signed with Standard Webhooks.
        case generic
        /// Slack Events API `message` events and slash commands, signed with the v0 signing secret.
        case slack
        /// Mattermost outgoing webhooks, with their token.
        case mattermost
    }

    /// The shape of outbound deliveries.
    public enum OutboundFormat: String, Sendable, Equatable, CaseIterable {
        /// `{"text": ...}` to a Slack incoming webhook.
        case slack
        /// `{"text": ...}` to a Mattermost incoming webhook.
        case mattermost
        /// `{"content": ...}` (at most 2,000 characters each) to a Discord webhook.
        case discord
        /// Haven's own JSON schema, signed with Standard Webhooks.
        case generic
    }

    /// One inbound endpoint.
    public struct Endpoint: Sendable, Equatable {
        /// The key under `endpoints`; part of conversation ids (`webhook:NAME:...`).
        public var name: String
        /// The request path, such as `/webhooks/slack`.
        public var path: String
        public var format: Format
        /// The environment variable with the signing secret (generic: `whsec_<base64>`; Slack: the signing secret).
        public var secretEnv: String?
        /// The environment variable with the Mattermost token.
        public var tokenEnv: String?
        /// Generic and Mattermost: answer in the HTTP response (besides any outbound delivery).
        public var replyInResponse = true
        /// Slack slash commands: the `response_url` prefixes replies may be posted to.
        public var responseURLPrefixes = ["https://hooks.slack.com/"]
        /// Where replies are delivered through the outbox.
        public var outbound: Outbound?

        public init(name: String, path: String, format: Format) {
            self.name = name
            self.path = path
            self.format = format
        }
    }

    /// An outbound destination.
    public struct Outbound: Sendable, Equatable {
        public var format: OutboundFormat
        /// The URL, when it is not a secret (Slack and Discord webhook URLs are: use ``urlEnv``).
        public var url: String?
        /// The environment variable holding the URL.
        public var urlEnv: String?
        /// Generic format: the environment variable with the `whsec_` signing secret (default: the endpoint's).
        public var secretEnv: String?
        /// Attempts in all before a reply goes to the dead-letter table.
        public var maxAttempts = 8

        public init(format: OutboundFormat) {
            self.format = format
        }
    }
}

extension WebhookSettings {
    /// The HMAC key of a Standard Webhooks secret: the base64 after `whsec_` (the prefix is optional).
    public static func signingKey(fromSecret secret: String) -> [UInt8]? {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else { return nil }
        return Array(data)
    }
}

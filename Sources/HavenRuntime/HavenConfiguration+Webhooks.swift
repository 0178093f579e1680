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

extension HavenConfiguration {
    static func parseWebhooks(_ reader: inout ConfigReader, into config: inout HavenConfiguration) {
        reader.object("adapters.webhooks")
        var webhooks = WebhookSettings()
        let base = "adapters.webhooks"
        webhooks.enabled = reader.bool("\(base).enabled", default: webhooks.enabled)
        webhooks.host = reader.string("\(base).host", default: webhooks.host)
        webhooks.port = reader.integer("\(base).port", in: 0...65_535, default: webhooks.port)
        webhooks.maxBodyBytes = reader.integer(
            "\(base).maxBodyBytes", in: 1024...1_048_576, default: webhooks.maxBodyBytes)
        webhooks.requestTimeoutSeconds = reader.integer(
            "\(base).requestTimeoutSeconds", in: 1...3600, default: webhooks.requestTimeoutSeconds)
        webhooks.timestampToleranceSeconds = reader.integer(
            "\(base).timestampToleranceSeconds", in: 10...3600, default: webhooks.timestampToleranceSeconds)

        reader.object("\(base).rateLimit")
        var limit = webhooks.rateLimit
        limit.perSenderPerMinute = reader.integer(
            "\(base).rateLimit.perSenderPerMinute", in: 0...1_000_000, default: limit.perSenderPerMinute)
        limit.perSenderBurst = reader.integer(
            "\(base).rateLimit.perSenderBurst", in: 1...1_000_000, default: limit.perSenderBurst)
        limit.globalPerSecond = reader.integer(
            "\(base).rateLimit.globalPerSecond", in: 0...1_000_000, default: limit.globalPerSecond)
        limit.globalBurst = reader.integer(
            "\(base).rateLimit.globalBurst", in: 1...1_000_000, default: limit.globalBurst)
        webhooks.rateLimit = limit

        reader.object("\(base).delivery")
        var delivery = webhooks.delivery
        delivery.baseDelayMilliseconds = reader.integer(
            "\(base).delivery.baseDelayMilliseconds", in: 1...600_000, default: delivery.baseDelayMilliseconds)
        delivery.maxDelaySeconds = reader.integer(
            "\(base).delivery.maxDelaySeconds", in: 1...86_400, default: delivery.maxDelaySeconds)
        delivery.timeoutSeconds = reader.integer(
            "\(base).delivery.timeoutSeconds", in: 1...300, default: delivery.timeoutSeconds)
        delivery.caBundle = reader.string("\(base).delivery.caBundle", default: nil)
        webhooks.delivery = delivery

        reader.object("\(base).endpoints")
        var paths: [String: String] = [:]
        for name in reader.keys("\(base).endpoints") {
            let path = "\(base).endpoints.\(name)"
            guard name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                reader.report(
                    .configBadValue,
                    "$.\(path): an endpoint name uses only letters, digits, '-' and '_', got \"\(name)\"")
                reader.object(path)
                continue
            }
            guard let endpoint = parseEndpoint(&reader, name: name, at: path, enabled: webhooks.enabled) else {
                continue
            }
            if let other = paths[endpoint.path] {
                reader.report(
                    .configConflict, "$.\(path).path: \"\(endpoint.path)\" is already the path of endpoint \"\(other)\""
                )
            }
            paths[endpoint.path] = name
            webhooks.endpoints.append(endpoint)
        }
        if webhooks.enabled && webhooks.endpoints.isEmpty {
            reader.report(.configMissing, "$.\(base).endpoints: the webhook adapter is enabled but has no endpoints")
        }
        config.webhooks = webhooks
    }

    private static func parseEndpoint(_ reader: inout ConfigReader, name: String, at path: String, enabled: Bool)
        -> WebhookSettings.Endpoint?
    {
        reader.object(path)
        let formatName = reader.choice(
            "\(path).format", among: WebhookSettings.Format.allCases.map(\.rawValue), default: "generic")
        let format = WebhookSettings.Format(rawValue: formatName) ?? .generic
        var endpoint = WebhookSettings.Endpoint(
            name: name, path: reader.string("\(path).path", default: "/webhooks/\(name)"), format: format)
        if !endpoint.path.hasPrefix("/") || endpoint.path.contains("?") || endpoint.path == "/healthz" {
            reader.report(
                .configBadValue,
                "$.\(path).path: expected a path such as /webhooks/\(name) (not /healthz), got \"\(endpoint.path)\"")
        }
        endpoint.secretEnv = reader.string("\(path).secretEnv", default: nil)
        endpoint.tokenEnv = reader.string("\(path).tokenEnv", default: nil)
        endpoint.replyInResponse = reader.bool("\(path).replyInResponse", default: endpoint.replyInResponse)
        endpoint.responseURLPrefixes = reader.strings(
            "\(path).responseURLPrefixes", default: endpoint.responseURLPrefixes)
        if reader.isPresent("\(path).outbound") {
            reader.object("\(path).outbound")
            let outboundName = reader.choice(
                "\(path).outbound.format", among: WebhookSettings.OutboundFormat.allCases.map(\.rawValue),
                default: format == .generic ? "generic" : format.rawValue)
            var outbound = WebhookSettings.Outbound(
                format: WebhookSettings.OutboundFormat(rawValue: outboundName) ?? .generic)
            outbound.url = reader.string("\(path).outbound.url", default: nil)
            outbound.urlEnv = reader.string("\(path).outbound.urlEnv", default: nil)
            outbound.secretEnv = reader.string("\(path).outbound.secretEnv", default: nil)
            outbound.maxAttempts = reader.integer(
                "\(path).outbound.maxAttempts", in: 1...10_000, default: outbound.maxAttempts)
            endpoint.outbound = outbound
        }
        guard enabled else { return endpoint }

        // The checks below need the environment, so they run only when the adapter is enabled.
        switch format {
        case .generic:
            requireEnvironment(
                &reader, endpoint.secretEnv, at: "\(path).secretEnv", needed: "a generic endpoint needs secretEnv",
                signingSecret: true)
        case .slack:
            requireEnvironment(
                &reader, endpoint.secretEnv, at: "\(path).secretEnv",
                needed: "a slack endpoint needs secretEnv (the signing secret)")
        case .mattermost:
            requireEnvironment(
                &reader, endpoint.tokenEnv, at: "\(path).tokenEnv", needed: "a mattermost endpoint needs tokenEnv")
        }
        if let outbound = endpoint.outbound {
            switch (outbound.url, outbound.urlEnv) {
            case (nil, nil):
                reader.report(.configMissing, "$.\(path).outbound: give url or urlEnv")
            case (.some, .some):
                reader.report(.configConflict, "$.\(path).outbound: give url or urlEnv, not both")
            case (let url?, nil):
                if !isHTTPURL(url) {
                    reader.report(
                        .configBadValue, "$.\(path).outbound.url: expected an http:// or https:// URL, got \"\(url)\"")
                }
            case (nil, let variable?):
                if let value = reader.environment[variable], !isHTTPURL(value) {
                    reader.report(
                        .configEnvironment,
                        "$.\(path).outbound.urlEnv: the environment variable '\(variable)' does not hold an http:// or https:// URL"
                    )
                } else {
                    requireEnvironment(&reader, variable, at: "\(path).outbound.urlEnv", needed: "")
                }
            }
            if outbound.format == .generic {
                let secret = outbound.secretEnv ?? (format == .generic ? endpoint.secretEnv : nil)
                requireEnvironment(
                    &reader, secret, at: "\(path).outbound.secretEnv",
                    needed: "a generic outbound destination needs secretEnv", signingSecret: true)
            }
        }
        return endpoint
    }

    /// Reports a missing or unset environment variable by name, never by value.
    private static func requireEnvironment(
        _ reader: inout ConfigReader, _ variable: String?, at path: String, needed: String, signingSecret: Bool = false
    ) {
        guard let variable else {
            reader.report(.configMissing, "$.\(path): \(needed)")
            return
        }
        guard let value = reader.environmentValue(named: variable, at: path) else { return }
        if signingSecret && WebhookSettings.signingKey(fromSecret: value) == nil {
            reader.report(
                .configEnvironment,
                "$.\(path): the environment variable '\(variable)' does not hold a whsec_<base64> secret")
        }
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && !text.contains(where: \.isWhitespace)
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

import HavenRuntime

/// An endpoint ready to serve: its settings with the secrets read from the environment.
struct ResolvedEndpoint: Sendable {
    /// Where replies are delivered through the outbox.
    struct Outbound: Sendable {
        let format: WebhookSettings.OutboundFormat
        let url: String
        /// Generic format: signs each delivery.
        let signer: StandardWebhookSignature?
        let maxAttempts: Int
    }

    let settings: WebhookSettings.Endpoint
    /// The generic format's verifier.
    let standardSignature: StandardWebhookSignature?
    /// The Slack format's verifier.
    let slackSignature: SlackSignature?
    /// The Mattermost format's token.
    let token: TokenComparison?
    let outbound: Outbound?

    var name: String { settings.name }
    /// What every webhook adapter name and outbox target starts with.
    static let prefix = "webhook:"
    /// The endpoint's name in the store: its adapter in `handled_event` and the outbox target of
    /// its configured outbound destination.
    var key: String { Self.prefix + settings.name }

    /// Reads the endpoint's secrets from `environment`; throws naming a variable that is missing.
    init(_ settings: WebhookSettings.Endpoint, environment: (String) -> String?) throws(WebhookError) {
        self.settings = settings
        func value(_ name: String?, for role: String) throws(WebhookError) -> String {
            guard let name else { throw .missingEnvironment("\(role) of endpoint '\(settings.name)'") }
            guard let value = environment(name), !value.isEmpty else { throw .missingEnvironment(name) }
            return value
        }
        func signer(_ name: String?, for role: String) throws(WebhookError) -> StandardWebhookSignature {
            let secret = try value(name, for: role)
            guard let key = WebhookSettings.signingKey(fromSecret: secret) else {
                throw .invalidEnvironment(name ?? role, expected: "a whsec_<base64> secret")
            }
            return StandardWebhookSignature(key: key)
        }
        var standard: StandardWebhookSignature?
        var slack: SlackSignature?
        var token: TokenComparison?
        switch settings.format {
        case .generic: standard = try signer(settings.secretEnv, for: "secretEnv")
        case .slack: slack = SlackSignature(secret: try value(settings.secretEnv, for: "secretEnv"))
        case .mattermost: token = TokenComparison(expected: try value(settings.tokenEnv, for: "tokenEnv"))
        }
        standardSignature = standard
        slackSignature = slack
        self.token = token
        if let outbound = settings.outbound {
            let url: String
            if let configured = outbound.url {
                url = configured
            } else {
                url = try value(outbound.urlEnv, for: "outbound.urlEnv")
            }
            var outboundSigner: StandardWebhookSignature?
            if outbound.format == .generic {
                outboundSigner = try signer(
                    outbound.secretEnv ?? (settings.format == .generic ? settings.secretEnv : nil),
                    for: "outbound.secretEnv")
            }
            self.outbound = Outbound(
                format: outbound.format, url: url, signer: outboundSigner, maxAttempts: outbound.maxAttempts)
        } else {
            self.outbound = nil
        }
    }

    /// Whether a slash command's `response_url` is one replies may be posted to.
    func allowsResponseURL(_ url: String) -> Bool {
        (url.hasPrefix("https://") || url.hasPrefix("http://"))
            && settings.responseURLPrefixes.contains { url.hasPrefix($0) }
    }
}

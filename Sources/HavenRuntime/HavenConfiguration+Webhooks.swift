/// The webhook adapter's settings (`adapters.webhooks`).
public struct WebhookSettings: Sendable, Equatable {
    public var enabled = false

    public init() {}
}

extension HavenConfiguration {
    static func parseWebhooks(_ reader: inout ConfigReader, into config: inout HavenConfiguration) {
        reader.object("adapters.webhooks")
        var webhooks = WebhookSettings()
        webhooks.enabled = reader.bool("adapters.webhooks.enabled", default: webhooks.enabled)
        config.webhooks = webhooks
    }
}

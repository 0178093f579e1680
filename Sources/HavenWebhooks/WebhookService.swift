import HavenRuntime
import HavenStore
import Logging
import ServiceLifecycle

/// The webhook adapter (to be built): inbound endpoint and outbound delivery.
public struct WebhookService: Service {
    public init(settings: WebhookSettings, conversations: Conversations, store: SQLiteStateStore, logger: Logger,
                onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }) {}

    public func run() async throws {}
}

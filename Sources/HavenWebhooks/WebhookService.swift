import Foundation
import HavenHTTP
public import HavenRuntime
import HavenStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
public import ServiceLifecycle

/// The webhook adapter: an HTTP listener for chat platforms' webhooks, and an outbox worker.
///
/// Endpoints (``WebhookSettings/Endpoint``) accept Haven's generic JSON (Standard Webhooks
/// signatures), Slack events and slash commands, or Mattermost outgoing webhooks; `GET /healthz`
/// reports readiness and each adapter's last success. Replies go back in the HTTP response,
/// or through the durable outbox to an outbound URL (see ``OutboxDeliverer``).
///
/// On graceful shutdown the listener stops accepting and finishes the requests in flight, and
/// the worker stops after the deliveries under way; undelivered replies stay in the outbox and
/// go out at the next start.
public struct WebhookService: Service, CustomStringConvertible {
    let settings: WebhookSettings
    let conversations: Conversations
    let store: any StateStore
    let logger: Logger
    let board: ActivityBoard
    /// Reads an environment variable (held as a function, so no secret is ever part of the service's description).
    let environment: @Sendable (String) -> String?
    /// Called with the bound address once listening (the port is real even when 0 was asked for).
    let onListening: @Sendable (String, Int) -> Void

    /// Creates the service; secrets are read from the context's environment when it runs.
    ///
    /// - Parameters:
    ///   - context: the conversations, store and logger the server shares with every adapter,
    ///     the board where adapters report success for `/healthz`, and the environment.
    ///   - onListening: called with the bound address once listening.
    public init(
        settings: WebhookSettings, context: AdapterContext,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        self.settings = settings
        self.conversations = context.conversations
        self.store = context.store
        self.logger = context.logger
        self.board = context.board
        self.environment = context.environment
        self.onListening = onListening
    }

    /// The listener and the endpoints' paths: what service-lifecycle logs, never a secret.
    public var description: String {
        "WebhookService(\(settings.host):\(settings.port), \(settings.endpoints.map(\.path).joined(separator: ", ")))"
    }

    /// Serves until graceful shutdown.
    ///
    /// - Throws: ``WebhookError/missingEnvironment(_:)`` when a secret's variable is not set, or
    ///   ``ListenError`` when the listener cannot bind.
    public func run() async throws {
        var endpoints: [ResolvedEndpoint] = []
        for endpoint in settings.endpoints {
            do {
                endpoints.append(try ResolvedEndpoint(endpoint, environment: environment))
            } catch {
                logger.critical("webhook adapter cannot start", metadata: ["haven.error": "\(error)"])
                throw error
            }
        }
        let client = HTTPClient(
            configuration: HTTPClient.Configuration(
                connectTimeout: .seconds(OutboxDeliverer.connectTimeoutSeconds),
                timeout: .seconds(settings.delivery.timeoutSeconds),
                caBundlePath: settings.delivery.caBundle,
                maxRedirects: 0),
            logger: logger)
        defer { client.shutdown() }
        let deliverer = OutboxDeliverer(
            store: store, endpoints: endpoints, delivery: settings.delivery, client: client, board: board,
            logger: logger)
        let responder = WebhookResponder(
            settings: settings, endpoints: endpoints, conversations: conversations, store: store, deliverer: deliverer,
            board: board,
            logger: logger)
        let host = settings.host
        let board = board
        let logger = logger
        let onListening = onListening
        let paths = endpoints.map { "\($0.settings.path) (\($0.settings.format.rawValue))" }.joined(separator: ", ")
        let requestTimeout = TimeAmount.seconds(Int64(settings.requestTimeoutSeconds))
        let application = Application(
            responder: responder,
            server: HTTPServerBuilder { respond in
                WebhookHTTPChannel(responder: respond, requestTimeout: requestTimeout, idleTimeout: .seconds(75))
            },
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: nil, backlog: 256),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                board.isReady = true
                logger.notice(
                    "webhook adapter listening",
                    metadata: [
                        "haven.webhooks.host": "\(host)", "haven.webhooks.port": "\(port)",
                        "haven.webhooks.endpoints": "\(paths)",
                    ])
                onListening(host, port)
            },
            logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                do {
                    try await application.run()
                } catch  where !board.isReady {
                    // It never listened: the address is at fault, which is the operator's to fix.
                    throw ListenError(adapter: "webhooks", host: host, port: settings.port, error: error)
                }
            }
            group.addTask { await deliverer.run() }
        }
        board.isReady = false
        logger.notice("webhook adapter stopped")
    }
}

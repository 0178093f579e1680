import Foundation
public import HavenMatrix
public import HavenRuntime
import HavenStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
public import ServiceLifecycle

/// The Matrix adapter as an application service: the homeserver pushes transactions of events to
/// this listener (`adapters.matrix.mode: "appservice"`), so any number of instances behind a load
/// balancer can share the work, as bridges do. The events are handled as the `/sync` mode handles
/// them (``MatrixEventHandler``), and replies go out as the bot with the `as_token`.
///
/// On graceful shutdown the listener stops accepting and finishes the requests in flight; a
/// transaction cut short is answered 500 or not at all, and the homeserver sends it again.
public struct MatrixAppService: Service, CustomStringConvertible {
    let settings: MatrixSettings
    let client: MatrixClient
    let store: any StateStore
    let handler: MatrixEventHandler
    /// The `hs_token`, as a comparison only: never part of the description.
    let token: HomeserverToken
    let logger: Logger
    /// Called with the bound address once listening (the port is real even when 0 was asked for).
    let onListening: @Sendable (String, Int) -> Void

    /// Attempts for each homeserver request within one transaction: past them the transaction
    /// fails with 500 and the homeserver retries it, instead of holding its request open.
    static let attemptsPerRequest = 3
    /// How long completed transaction ids are kept: the homeserver retries a failed one far sooner.
    static let transactionRetentionSeconds: Int64 = 7 * 86_400

    /// A listener answering as `settings.userID`.
    ///
    /// - Parameters:
    ///   - client: the homeserver client holding the `as_token`.
    ///   - hsToken: the token the homeserver must present.
    public init(
        settings: MatrixSettings, client: MatrixClient, hsToken: String, context: AdapterContext,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        let store = context.store
        var logger = context.logger
        logger[metadataKey: "haven.adapter"] = "matrix-appservice"
        self.settings = settings
        self.client = client
        self.store = store
        self.token = HomeserverToken(hsToken)
        self.logger = logger
        self.onListening = onListening
        handler = MatrixEventHandler(
            settings: settings, client: client, conversations: context.conversations, store: store,
            maxAttempts: Self.attemptsPerRequest, logger: logger)
    }

    /// The listener's address, never a token.
    public var description: String {
        "MatrixAppService(\(settings.appservice.host):\(settings.appservice.port), \(settings.userID))"
    }

    /// Serves until graceful shutdown.
    ///
    /// - Throws: ``ListenError`` when the listener cannot bind.
    public func run() async throws {
        await ensureBotUser()
        pruneTransactions()
        let appservice = settings.appservice
        let responder = MatrixAppServiceResponder(
            botUserID: settings.userID, token: token,
            transactions: MatrixTransactionHandler(
                settings: settings, client: client, handler: handler, store: store, logger: logger),
            maxBodyBytes: appservice.maxBodyBytes, logger: logger)
        let logger = logger
        let onListening = onListening
        let bound = ListeningFlag()
        let application = Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    idleTimeout: .seconds(75),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))),
            configuration: ApplicationConfiguration(
                address: .hostname(appservice.host, port: appservice.port), serverName: nil, backlog: 256),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                bound.set()
                logger.notice(
                    "matrix appservice listening",
                    metadata: ["haven.matrix.host": "\(appservice.host)", "haven.matrix.port": "\(port)"])
                onListening(appservice.host, port)
            },
            logger: logger)
        do {
            try await application.run()
        } catch  where !bound.isSet {
            // It never listened: the address is at fault, which is the operator's to fix.
            throw ListenError(adapter: "matrix", host: appservice.host, port: appservice.port, error: error)
        }
        logger.notice("matrix appservice stopped")
    }

    /// Registers the bot (the registration's `sender_localpart`) if the homeserver does not have
    /// it yet; a failure is logged, and joins and replies will say what is wrong.
    private func ensureBotUser() async {
        let localpart = String(settings.userID.dropFirst().prefix { $0 != ":" })
        do {
            try await handler.retrying { try await client.registerAppServiceUser(localpart) }
        } catch {
            logger.warning(
                "matrix appservice could not make sure its user exists", metadata: ["haven.matrix.error": "\(error)"])
        }
    }

    /// Forgets completed transaction ids older than the retention, once at start.
    private func pruneTransactions() {
        let cutoff = Int64(Date().timeIntervalSince1970) - Self.transactionRetentionSeconds
        do {
            try store.pruneHandled(before: cutoff, adapterPrefix: MatrixTransactionHandler.transactionAdapter)
        } catch {
            logger.warning(
                "matrix appservice could not prune old transaction ids", metadata: ["haven.error": "\(error)"])
        }
    }
}

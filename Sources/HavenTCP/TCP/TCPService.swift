import HavenCore
public import HavenRuntime
import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The plain-text TCP adapter: anyone with `nc` can talk to Haven.
public struct TCPService: Service {
    let settings: TCPSettings
    let conversations: Conversations
    let logger: Logger
    /// Called with the bound address once listening (the port is real even when 0 was asked for).
    let onListening: @Sendable (String, Int) -> Void

    /// Creates the service; it listens when it runs.
    ///
    /// - Parameters:
    ///   - context: the conversations and logger the server shares with every adapter.
    ///   - onListening: called with the bound address once listening.
    public init(
        settings: TCPSettings, context: AdapterContext,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        self.settings = settings
        self.conversations = context.conversations
        self.logger = context.logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown.
    ///
    /// - Throws: ``ListenError`` when the address cannot be bound.
    public func run() async throws {
        let registry = TCPConnectionRegistry()
        let settings = settings
        let conversations = conversations
        let logger = logger
        // Messages are handled here, off the event loops: the dialogue and the store block.
        let pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
        pool.start()
        let server: any Channel
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                // A client that stops writing still gets the replies to what it sent.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineDecoder(maxLength: settings.maxLineBytes)))
                        try channel.pipeline.syncOperations.addHandler(
                            TCPConnectionHandler(
                                conversations: conversations, registry: registry, settings: settings, pool: pool,
                                logger: logger))
                    }
                }
                .bind(host: settings.host, port: settings.port)
                .get()
        } catch {
            try? await pool.shutdownGracefully()
            throw ListenError(adapter: "tcp", host: settings.host, port: settings.port, error: error)
        }
        let port = server.localAddress?.port ?? settings.port
        logger.notice(
            "tcp adapter listening", metadata: ["haven.tcp.host": "\(settings.host)", "haven.tcp.port": "\(port)"])
        onListening(settings.host, port)

        // Serve until shutdown is asked for, then stop accepting and let each connection answer
        // the lines it has read, say goodbye and close; one that cannot be written to (a client
        // that does not read) is closed after the grace period.
        try? await gracefulShutdown()
        try? await server.close()
        let open = registry.all
        let shutdown = TCPConnectionHandler.Shutdown(grace: .seconds(Int64(settings.shutdownGraceSeconds)))
        for channel in open { channel.pipeline.fireUserInboundEventTriggered(shutdown) }
        for channel in open { try? await channel.closeFuture.get() }
        try? await pool.shutdownGracefully()
        logger.notice("tcp adapter stopped")
    }
}

extension TCPService: CustomStringConvertible {
    /// Just the name: service-lifecycle logs services, and the default description would print
    /// every stored property, secrets included.
    public var description: String { "TCPService" }
}

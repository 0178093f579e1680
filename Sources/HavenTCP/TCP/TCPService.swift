import HavenCore
import HavenRuntime
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The plain-text TCP adapter: anyone with `nc` can talk to Haven.
public struct TCPService: Service {
    let settings: HavenConfiguration.TCPSettings
    let conversations: Conversations
    let logger: Logger
    /// Called with the bound address once listening (the port is real even when 0 was asked for).
    let onListening: @Sendable (String, Int) -> Void

    public init(
        settings: HavenConfiguration.TCPSettings, conversations: Conversations, logger: Logger,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        self.settings = settings
        self.conversations = conversations
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let registry = TCPConnectionRegistry()
        let settings = settings
        let conversations = conversations
        let logger = logger
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(settings.idleTimeoutSeconds))))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maxLength: settings.maxLineBytes)))
                    try channel.pipeline.syncOperations.addHandler(
                        TCPConnectionHandler(conversations: conversations, registry: registry, settings: settings, logger: logger))
                }
            }
            .bind(host: settings.host, port: settings.port)
            .get()
        let port = server.localAddress?.port ?? settings.port
        logger.notice("tcp adapter listening", metadata: ["haven.tcp.host": "\(settings.host)", "haven.tcp.port": "\(port)"])
        onListening(settings.host, port)

        // Serve until shutdown is asked for, then stop accepting and close each connection after
        // the replies already written: lines read before now have been answered, since each line is
        // handled in order on its connection's event loop.
        try? await gracefulShutdown()
        try? await server.close()
        var closing: [EventLoopFuture<Void>] = []
        for channel in registry.all {
            let done = channel.eventLoop.flatSubmit {
                var buffer = channel.allocator.buffer(capacity: 64)
                buffer.writeString(TCPProtocol.shuttingDown + "\n")
                return channel.writeAndFlush(buffer).flatMap { channel.close() }
            }
            closing.append(done)
        }
        for future in closing { try? await future.get() }
        logger.notice("tcp adapter stopped")
    }
}

extension TCPService: CustomStringConvertible {
    /// Just the name: service-lifecycle logs services, and the default description would print
    /// every stored property, secrets included.
    public var description: String { "TCPService" }
}

import HavenCoreTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scriptable HTTP/1.1 server on 127.0.0.1 for tests: a stand-in for any remote service.
///
/// It listens on an ephemeral port, answers each request with whatever the script returns
/// (see ``TestHTTPResponse`` for delays, slow or huge bodies and broken connections), and
/// records every request and how much of each response went out.
///
/// ```swift
/// let server = try await TestHTTPServer.start(responses: [.status(503), .text("ok")])
/// // ... point the client at server.url("/path") ...
/// #expect(server.requestCount == 2)
/// await server.shutdown()
/// ```
///
/// Always call ``shutdown()``: it closes connections, cancels scripts still waiting and stops
/// the server's event-loop thread.
public final class TestHTTPServer: Sendable {
    /// Produces the response for one request.
    ///
    /// It may suspend (for example, to wait for a signal), but should return soon once its task
    /// is cancelled: ``shutdown()`` cancels and waits for handlers still running.
    public typealias Handler = @Sendable (TestHTTPRequest) async -> TestHTTPResponse

    /// The port the server listens on.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: TestHTTPServerState
    private let stopped = Mutex(false)

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, state: TestHTTPServerState) {
        self.port = port
        self.group = group
        self.channel = channel
        self.state = state
    }

    /// Starts a server that answers every request with `handler`.
    public static func start(handler: @escaping Handler) async throws -> TestHTTPServer {
        let state = TestHTTPServerState(handler: handler)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard state.open(channel) else { throw ChannelError.ioOnClosedChannel }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(TestHTTPConnectionHandler(state: state))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .get()
            guard let port = channel.localAddress?.port else {
                try? await channel.close()
                throw TestFailure("the test server has no local port")
            }
            return TestHTTPServer(port: port, group: group, channel: channel, state: state)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Starts a server that answers requests with `responses` in order, then with `otherwise`.
    public static func start(
        responses: [TestHTTPResponse],
        otherwise: TestHTTPResponse = .text("no scripted response left", status: 500)
    ) async throws -> TestHTTPServer {
        let queue = Mutex(responses[...])
        return try await start { _ in
            queue.withLock { $0.popFirst() } ?? otherwise
        }
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The full URL of `path` on this server, for example `url("/hooks/1")`.
    public func url(_ path: String) -> String {
        baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Every request received so far, in order.
    public var requests: [TestHTTPRequest] { state.requests }

    /// How many requests have arrived.
    public var requestCount: Int { state.requests.count }

    /// How many connections have been accepted.
    public var connectionCount: Int { state.connectionCount }

    /// How each finished response went, in the order they finished.
    public var deliveries: [TestHTTPDelivery] { state.deliveries }

    /// Waits until at least `count` responses have finished (or failed), checking every 10 ms.
    ///
    /// A client can see an outcome before the server has noticed it, so tests about what the
    /// server sent wait here. Gives up after `limit` and returns what there is.
    public func deliveries(atLeast count: Int, waitingAtMost limit: Duration = .seconds(10)) async -> [TestHTTPDelivery]
    {
        let deadline = ContinuousClock.now + limit
        while true {
            let current = state.deliveries
            if current.count >= count || ContinuousClock.now >= deadline { return current }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Stops listening, closes every connection, cancels waiting scripts and stops the event loop.
    ///
    /// Calling it again does nothing.
    public func shutdown() async {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        try? await channel.close()
        await state.closeEverything()
        try? await group.shutdownGracefully()
    }
}

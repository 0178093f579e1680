import Foundation
public import HavenCoreTesting
import HavenRuntime
public import HavenServer
import HavenTCP
import HavenWebhooks
import Logging
import Synchronization

/// `haven serve` run inside the test's own process (``HavenServe/makeServer``): the adapters'
/// logic over real sockets and a real state file, without a child process to start.
///
/// Configured as `haven serve --rules RULES --state STATE [--config CONFIG] [--tcp 127.0.0.1:0]`
/// would be, with `environment` as the only place secrets come from. What only a process shows
/// (signals, exit statuses, what reaches standard error) stays with ``ServeProcess`` and
/// ``WebhookServeProcess``.
public final class InProcessServer: WebhookListener, Sendable {
    /// The state file, readable once ``stop()`` has returned.
    public let statePath: String
    /// The port of each listening adapter: `tcp`, `webhooks`.
    public let ports: [String: Int]
    private let server: HavenServe.Server
    private let running: Task<Void, any Error>

    private init(statePath: String, ports: [String: Int], server: HavenServe.Server, running: Task<Void, any Error>) {
        self.statePath = statePath
        self.ports = ports
        self.server = server
        self.running = running
    }

    /// Builds and starts the server, and waits until every enabled adapter listens.
    ///
    /// - Parameters:
    ///   - config: a JSON config file (see ``temporaryConfig(_:)``); its problems fail the start.
    ///   - state: the state file; a fresh one by default.
    ///   - tcp: enables the TCP adapter on 127.0.0.1 and a free port, as `--tcp 127.0.0.1:0` does.
    ///   - environment: where the secrets named in the config are looked up.
    public static func start(
        config: String? = nil, rules: String = TestRules.promptsPath, state: String? = nil, tcp: Bool = false,
        environment: [String: String] = [:]
    ) async throws -> InProcessServer {
        var configuration = ServeConfiguration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw TestFailure("cannot read the config '\(config)'")
            }
            let (parsed, problems) = ServeConfiguration.parse(data, environment: environment)
            guard problems.isEmpty else { throw TestFailure("config problems: \(problems)") }
            configuration = parsed
        }
        configuration.haven.rulesPath = rules
        configuration.haven.storePath =
            state
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "haven-inprocess-\(UUID().uuidString).sqlite"
            )
            .path
        if tcp {
            configuration.tcp.enabled = true
            configuration.tcp.host = "127.0.0.1"
            configuration.tcp.port = 0
        }
        return try await start(configuration: configuration, environment: environment)
    }

    /// Builds and starts the server for `configuration` as it is, and waits until every enabled
    /// adapter listens.
    public static func start(configuration: ServeConfiguration, environment: [String: String] = [:]) async throws
        -> InProcessServer
    {
        let expected = [configuration.tcp.enabled, configuration.webhooks.enabled].filter { $0 }.count
        let bound = Mutex<[String: Int]>([:])
        let server = try HavenServe.makeServer(
            configuration: configuration, environment: environment,
            logger: Logger(label: "haven.test", factory: { _ in SwiftLogNoOpLogHandler() }),
            gracefulShutdownSignals: []
        ) { adapter, _, port in
            bound.withLock { $0[adapter] = port }
        }
        let finished = Mutex<(any Error)??>(nil)
        let running = Task {
            do {
                try await server.run()
                finished.withLock { $0 = .some(nil) }
            } catch {
                finished.withLock { $0 = .some(error) }
                throw error
            }
        }
        // A bound on the wait, not an assertion on speed: a server that never listens fails the test.
        let deadline = ContinuousClock.now + .seconds(60)
        while bound.withLock({ $0.count }) < expected {
            if let ended = finished.withLock({ $0 }) {
                throw TestFailure("the server stopped before listening: \(ended.map { "\($0)" } ?? "no error")")
            }
            guard ContinuousClock.now < deadline else {
                await server.triggerGracefulShutdown()
                throw TestFailure("the server did not listen within a minute")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return InProcessServer(
            statePath: configuration.haven.storePath, ports: bound.withLock { $0 }, server: server, running: running)
    }

    /// The webhook adapter's port (``ports`` has the TCP adapter's).
    public var port: Int { ports["webhooks"] ?? 0 }

    /// A new connection to the TCP adapter, past the greeting line.
    public func connect(receiveBufferBytes: Int? = nil) throws -> LineClient {
        let client = try LineClient(port: ports["tcp"] ?? 0, receiveBufferBytes: receiveBufferBytes)
        guard let greeting = client.readLine(), greeting.hasPrefix("HAVEN 1 ready") else {
            throw TestFailure("no greeting")
        }
        return client
    }

    /// Shuts down gracefully, as SIGTERM does, and waits until the state store is flushed.
    ///
    /// - Throws: what the server's run threw.
    public func stop() async throws {
        await server.triggerGracefulShutdown()
        try await running.value
    }

    deinit { running.cancel() }
}

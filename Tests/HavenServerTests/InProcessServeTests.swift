import Foundation
import HavenCoreTesting
import HavenRuntime
import HavenServer
import HavenServerTesting
import HavenStore
import Logging
import Synchronization
import Testing

/// `haven serve` built in the test's own process (``HavenServe/makeServer``), with its own
/// environment and no signal handling: the adapters' logic without a child process.
struct InProcessServeTests {
    /// A configuration with only the TCP adapter, on a free port, and a fresh state file.
    static func configuration() -> HavenConfiguration {
        var configuration = HavenConfiguration()
        configuration.rulesPath = TestRules.promptsPath
        configuration.watchRules = false
        configuration.storePath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("haven-inprocess-\(UUID().uuidString).sqlite").path
        configuration.tcp.enabled = true
        configuration.tcp.port = 0
        return configuration
    }

    static let logger = Logger(label: "haven.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Builds the server in-process, runs it, hands `talk` a client connected to its TCP adapter,
    /// then shuts it down gracefully and waits until `run` has returned.
    static func withTCPServer(
        _ configuration: HavenConfiguration, environment: [String: String] = [:],
        _ talk: (LineClient) throws -> Void
    ) async throws {
        let listening = Mutex<Int?>(nil)
        let server = try HavenServe.makeServer(
            configuration: configuration, environment: environment, logger: Self.logger, gracefulShutdownSignals: []
        ) { adapter, _, port in
            if adapter == "tcp" { listening.withLock { $0 = port } }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var port: Int?
            for _ in 0..<600 where port == nil {
                try await Task.sleep(for: .milliseconds(50))
                port = listening.withLock { $0 }
            }
            let boundPort = try #require(port, "the TCP adapter never said it was listening")
            let client = try LineClient(port: boundPort)
            #expect(client.readLine()?.hasPrefix("HAVEN 1 ready") == true)
            try talk(client)
            await server.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test func answersOverTCPAndKeepsTheConversationInTheStateFile() async throws {
        let configuration = Self.configuration()
        defer { try? FileManager.default.removeItem(atPath: configuration.storePath) }
        try await Self.withTCPServer(configuration) { client in
            client.send(line: "he never listens to me when I talk about my day")
            let reply = try #require(client.readLine(), "no reply")
            #expect(reply.hasSuffix("?"), "a reflective question: \(reply)")
            client.send(line: "/quit")
            #expect(client.readLine()?.hasPrefix("BYE") == true)
        }
        // The conversation the server saved is in the state file once `run` has returned.
        let store = try SQLiteStateStore(path: configuration.storePath)
        let rows = try store.database.query("SELECT COUNT(*) FROM conversation")
        #expect(rows.first?.first?.integer == 1)
    }

    @Test func secretsComeFromTheEnvironmentItIsGiven() throws {
        var configuration = Self.configuration()
        configuration.matrix.enabled = true
        configuration.matrix.accessTokenEnv = "HAVEN_TEST_MATRIX_TOKEN"
        let missing = #expect(throws: HavenServe.Failure.self) {
            _ = try HavenServe.makeServer(
                configuration: configuration, environment: ["PATH": "/usr/bin"], logger: Self.logger,
                gracefulShutdownSignals: []
            ) { _, _, _ in }
        }
        #expect(
            missing?.description == "the environment variable 'HAVEN_TEST_MATRIX_TOKEN' named in the config is not set")
        #expect(
            !FileManager.default.fileExists(atPath: configuration.storePath), "a refused start leaves nothing behind")

        // The token is in the given environment only, never in the test process's own.
        #expect(ProcessInfo.processInfo.environment["HAVEN_TEST_MATRIX_TOKEN"] == nil)
        defer { try? FileManager.default.removeItem(atPath: configuration.storePath) }
        _ = try HavenServe.makeServer(
            configuration: configuration, environment: ["HAVEN_TEST_MATRIX_TOKEN": "token-for-the-test"],
            logger: Self.logger, gracefulShutdownSignals: []
        ) { _, _, _ in }
    }
}

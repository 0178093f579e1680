import Foundation
import HavenCore
import HavenCoreTesting
import HavenMatrix
import HavenRuntime
import HavenServer
import HavenServerTesting
import HavenStore
import HavenTCP
import Logging
import Testing

/// `haven serve` built in the test's own process (``HavenServe/makeServer``), with its own
/// environment and no signal handling: the adapters' logic without a child process.
struct InProcessServeTests {
    /// A configuration with only the TCP adapter, on a free port, and a fresh state file.
    static func configuration() -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.haven.rulesPath = TestRules.promptsPath
        configuration.haven.watchRules = false
        configuration.haven.storePath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("haven-inprocess-\(UUID().uuidString).sqlite").path
        configuration.tcp.enabled = true
        configuration.tcp.port = 0
        return configuration
    }

    static let logger = Logger(label: "haven.test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func answersOverTCPAndKeepsTheConversationInTheStateFile() async throws {
        let server = try await InProcessServer.start(tcp: true)
        defer { try? FileManager.default.removeItem(atPath: server.statePath) }
        let client = try server.connect()
        client.send(line: "he never listens to me when I talk about my day")
        let reply = try #require(client.readLine(), "no reply")
        #expect(reply.hasSuffix("?"), "a reflective question: \(reply)")
        client.send(line: "/quit")
        #expect(client.readLine()?.hasPrefix("BYE") == true)
        try await server.stop()
        // The conversation the server saved is in the state file once `run` has returned.
        let store = try SQLiteStateStore(path: server.statePath)
        let rows = try store.database.query("SELECT COUNT(*) FROM conversation")
        #expect(rows.first?.first?.integer == 1)
    }

    @Test func theConfigChecksSecretsInTheEnvironmentItIsGiven() throws {
        let config = Data(
            #"""
            {"adapters": {"matrix": {"enabled": true, "homeserver": "http://127.0.0.1:9", "userID": "@haven:example.org",
                                     "accessTokenEnv": "HAVEN_TEST_CONFIG_TOKEN"}}}
            """#.utf8)
        #expect(ProcessInfo.processInfo.environment["HAVEN_TEST_CONFIG_TOKEN"] == nil)
        let (_, missing) = ServeConfiguration.parse(config, environment: [:])
        #expect(
            missing.map(\.message) == [
                "$.adapters.matrix.accessTokenEnv: the environment variable 'HAVEN_TEST_CONFIG_TOKEN' is not set"
            ])
        let (parsed, problems) = ServeConfiguration.parse(
            config, environment: ["HAVEN_TEST_CONFIG_TOKEN": "token-for-the-test"])
        #expect(problems.isEmpty, "\(problems)")
        #expect(parsed.matrix.enabled)
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
            !FileManager.default.fileExists(atPath: configuration.haven.storePath),
            "a refused start leaves nothing behind")

        // The token is in the given environment only, never in the test process's own.
        #expect(ProcessInfo.processInfo.environment["HAVEN_TEST_MATRIX_TOKEN"] == nil)
        defer { try? FileManager.default.removeItem(atPath: configuration.haven.storePath) }
        _ = try HavenServe.makeServer(
            configuration: configuration, environment: ["HAVEN_TEST_MATRIX_TOKEN": "token-for-the-test"],
            logger: Self.logger, gracefulShutdownSignals: []
        ) { _, _, _ in }
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven serve` when it cannot listen: a clear configuration error (78), and no `listening`
/// line before every adapter is bound.
@Suite struct ServeListenTests {
    /// Runs `haven serve` to its end (it should not get far).
    func serve(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess.Result {
        try ChildProcess.run(
            HavenBinary.path,
            [
                "serve", "--rules", TestRules.promptsPath, "--state",
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "haven-listen-\(UUID().uuidString).sqlite"
                ).path,
            ] + arguments,
            environment: environment, timeout: 30)
    }

    @Test func aPortInUseIsAConfigurationError() throws {
        let taken = try ReservedPort.stalling()
        defer { taken.close() }
        let result = try serve(["--tcp", "127.0.0.1:\(taken.port)"])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "haven: error: adapters.tcp: cannot listen on 127.0.0.1:\(taken.port): address already in use"),
            "\(result.stderrText)")
        #expect(!result.stdoutText.contains("listening"))
    }

    @Test func anAddressThatIsNotThisMachinesIsAConfigurationError() throws {
        // 192.0.2.1 is reserved for documentation: never an address of this machine, and no DNS is asked.
        let result = try serve(["--tcp", "192.0.2.1:0"])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains("haven: error: adapters.tcp: cannot listen on 192.0.2.1:0: "),
            "\(result.stderrText)")
    }

    @Test func noListeningLineUntilEveryAdapterIsBound() throws {
        let taken = try ReservedPort.stalling()
        defer { taken.close() }
        let config = try temporaryConfig(
            #"""
            {"adapters": {"tcp": {"enabled": true, "port": 0},
              "webhooks": {"enabled": true, "port": \#(taken.port),
                "endpoints": {"team": {"format": "mattermost", "tokenEnv": "HAVEN_TEST_LISTEN_TOKEN"}}}}}
            """#)
        let result = try serve(["--config", config], environment: ["HAVEN_TEST_LISTEN_TOKEN": "t0ken"])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "haven: error: adapters.webhooks: cannot listen on 127.0.0.1:\(taken.port): address already in use"),
            "\(result.stderrText)")
        #expect(result.stdoutText == "", "the TCP adapter was bound, but the server as a whole never listened")
    }

    @Test func tcpAndWebhooksOnOnePortIsAConfigurationError() throws {
        let config = try temporaryConfig(
            #"""
            {"adapters": {"tcp": {"enabled": true, "port": 7999},
              "webhooks": {"enabled": true, "port": 7999,
                "endpoints": {"team": {"format": "mattermost", "tokenEnv": "HAVEN_TEST_LISTEN_TOKEN"}}}}}
            """#)
        let result = try serve(["--config", config], environment: ["HAVEN_TEST_LISTEN_TOKEN": "t0ken"])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "\(config): error: $.adapters.webhooks.port: 7999 is also the port of adapters.tcp [config-conflict]\n"),
            "\(result.stderrText)")
        #expect(!result.stdoutText.contains("listening"))
        // The same clash made with --tcp.
        let flagged = try temporaryConfig(
            #"""
            {"adapters": {"webhooks": {"enabled": true, "port": 7999,
                "endpoints": {"team": {"format": "mattermost", "tokenEnv": "HAVEN_TEST_LISTEN_TOKEN"}}}}}
            """#)
        let clash = try serve(
            ["--config", flagged, "--tcp", "127.0.0.1:7999"], environment: ["HAVEN_TEST_LISTEN_TOKEN": "t0ken"])
        #expect(clash.status == 78)
        #expect(
            clash.stderrText.contains("$.adapters.webhooks.port: 7999 is also the port of adapters.tcp"),
            "\(clash.stderrText)")
    }
}

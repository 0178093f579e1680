import Foundation
import HavenCoreTesting
import HavenServerTesting
import HavenStore
import Testing

/// `haven serve --tcp` as a process: shutting down on SIGTERM, config errors and their exit
/// status, the example config. The protocol itself is tested in-process (`TCPAdapterTests`).
@Suite(.serialized)
struct ServeTCPTests {
    @Test func answersEveryAcceptedLineBeforeShuttingDownOnSIGTERM() throws {
        let server = try ServeProcess()
        let client = try server.connect()
        let messages = (0..<40).map { "you never listen to me, time \($0)" }
        client.send(Array((messages.joined(separator: "\n") + "\n").utf8))
        #expect(client.readLine() != nil)
        let result = server.stop()
        let rest = client.readAll(timeout: 10)
        #expect(rest.count == 40, "39 more replies and the goodbye: \(rest.suffix(2))")
        #expect(rest.last == "BYE server shutting down")
        #expect(result.status == 0)
        let state =
            try SQLiteDatabase(path: server.statePath).query("SELECT state FROM conversation").first?.first?.text ?? ""
        #expect(state.contains(#""turns":40"#))
    }

    @Test func reportsEachConfigProblemWithItsJSONPath() throws {
        let config = try temporaryConfig(
            #"{"version": 1, "adapters": {"tcp": {"port": "seven", "prot": 1}}, "log": {"level": "loud"}, "store": []}"#
        )
        let result = try HavenBinary.run(["serve", "--config", config])
        #expect(result.status == 78)
        let errors = result.stderrText
        // The same diagnostic as a rule file's, with its code; the reader knows JSON paths, not lines.
        #expect(
            errors.contains(
                "\(config): error: $.adapters.tcp.port: expected a whole number, got \"seven\" [config-wrong-type]\n"))
        #expect(
            errors.contains(
                "\(config): error: $.adapters.tcp.prot: unknown key (did you mean 'port'?) [config-unknown-key]\n"))
        #expect(
            errors.contains(
                "\(config): error: $.log.level: expected one of trace, debug, info, notice, warning, error, critical, got \"loud\" [config-bad-value]\n"
            ))
        #expect(errors.contains("\(config): error: $.store: expected an object, got a list [config-wrong-type]\n"))
        #expect(errors.contains("haven: error: the config file has 4 problems"))
        let malformed = try temporaryConfig("{\"version\": 1,")
        let broken = try HavenBinary.run(["serve", "--config", malformed])
        #expect(broken.status == 78)
        #expect(broken.stderrText.contains("\(malformed): error: $: malformed JSON"))
        #expect(broken.stderrText.contains(" [config-malformed]\n"))
    }

    @Test func acceptsTheExampleConfig() throws {
        let example = TestRules.repositoryRoot.appendingPathComponent("config.example.json").path
        let data = try #require(FileManager.default.contents(atPath: example))
        let copy = try temporaryConfig(String(decoding: data, as: UTF8.self))
        let server = try ServeProcess(config: copy)
        let client = try server.connect()
        client.send(line: "hello")
        #expect(client.readLine() != nil)
        #expect(server.stop().status == 0)
    }
}

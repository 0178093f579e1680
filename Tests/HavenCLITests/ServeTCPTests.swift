import Foundation
import HavenCoreTesting
import HavenServerTesting
import HavenStore
import Testing

/// `haven serve` and the plain-text protocol, over real sockets on 127.0.0.1.
@Suite(.serialized)
struct ServeTCPTests {
    @Test func greetsAndAnswersEachLine() throws {
        let server = try ServeProcess()
        let client = try server.connect()
        client.send(line: "you never listen to me")
        let reply = try #require(client.readLine())
        #expect(reply.hasPrefix("Hi, I'm Haven"))
        client.send(line: "/tip listen")
        #expect(client.readLine()?.hasPrefix("Listen to Your Partner: ") == true)
        client.send(line: "/quit")
        #expect(client.readLine() == "BYE take care")
        #expect(client.readLine(timeout: 5) == nil)
        #expect(server.stop().status == 0)
    }

    @Test func servesSeveralClientsAtOnceAsSeparateConversations() throws {
        let server = try ServeProcess()
        let clients = try (0..<8).map { _ in try server.connect() }
        for (index, client) in clients.enumerated() {
            client.send(line: index % 2 == 0 ? "he hit me" : "you never listen to me")
        }
        for (index, client) in clients.enumerated() {
            let reply = try #require(client.readLine())
            if index % 2 == 0 {
                #expect(reply.contains("emergency"))
            } else {
                #expect(reply.hasPrefix("Hi, I'm Haven"))
            }
        }
        _ = server.stop()
        let count = try SQLiteDatabase(path: server.statePath).query("SELECT COUNT(*) FROM conversation").first?.first?
            .integer
        #expect(count == 8)
    }

    @Test func refusesOverlongLinesAndInvalidUTF8WithoutDisturbingOthers() throws {
        let config = try temporaryConfig(#"{"version": 1, "adapters": {"tcp": {"maxLineBytes": 64}}}"#)
        let server = try ServeProcess(config: config)
        let bad = try server.connect()
        let good = try server.connect()
        bad.send(line: String(repeating: "x", count: 200))
        #expect(
            bad.readLine()
                == "ERROR line-too-long: lines are limited to 64 bytes; that line was discarded, please send it shorter"
        )
        bad.send([0x68, 0x69, 0xFF, 0xFE, 0x0A])
        #expect(bad.readLine()?.hasPrefix("ERROR invalid-utf8:") == true)
        good.send(line: "you never listen to me")
        #expect(good.readLine()?.hasPrefix("Hi, I'm Haven") == true)
        bad.send(line: "you never listen to me")
        #expect(bad.readLine()?.hasPrefix("Hi, I'm Haven") == true, "the connection stays usable after an error")
        _ = server.stop()
    }

    @Test func closesIdleConnections() throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"idleTimeoutSeconds": 1}}}"#)
        let server = try ServeProcess(config: config)
        let client = try server.connect()
        #expect(client.readLine(timeout: 10) == "BYE idle for 1 seconds")
        #expect(client.readLine(timeout: 5) == nil)
        _ = server.stop()
    }

    @Test func keepsTheConnectionLimit() throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"maxConnections": 2}}}"#)
        let server = try ServeProcess(config: config)
        let first = try server.connect()
        let second = try server.connect()
        let third = try LineClient(port: server.port)
        #expect(third.readLine() == "ERROR busy: too many connections (2); please try again later")
        first.send(line: "hello")
        #expect(first.readLine() != nil)
        _ = second
        _ = server.stop()
    }

    @Test func shrugsOffAClientThatLeavesMidMessage() throws {
        let server = try ServeProcess()
        let leaving = try server.connect()
        leaving.send(Array("you never list".utf8))
        leaving.shutdownWrite()
        #expect(leaving.readLine(timeout: 5) == nil)
        let other = try server.connect()
        other.send(line: "you never listen to me")
        #expect(other.readLine() != nil)
        _ = server.stop()
        let count = try SQLiteDatabase(path: server.statePath).query("SELECT COUNT(*) FROM conversation").first?.first?
            .integer
        #expect(count == 1, "the half message was never a message")
    }

    @Test func answersTheLinesOfAClientThatHasStoppedWriting() throws {
        // `printf 'a\nb\n' | nc -N host port`: the lines, then end of input, then wait for the replies.
        let server = try ServeProcess()
        let client = try server.connect()
        client.send(Array("you never listen to me\n/tip listen\n".utf8))
        client.shutdownWrite()
        let replies = client.readAll(timeout: 10)
        #expect(replies.count == 2, "\(replies)")
        #expect(replies.last?.hasPrefix("Listen to Your Partner: ") == true)
        #expect(client.closedByPeer, "then the server closes")
        _ = server.stop()
    }

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

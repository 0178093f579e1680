import Foundation
import HavenServerTesting
import HavenStore
import Testing

/// The TCP adapter's plain-text protocol, with `haven serve` in the test's process
/// (``InProcessServer``), over real sockets on 127.0.0.1. What needs a process (SIGTERM, exit
/// statuses, config errors on standard error) is in `ServeTCPTests`.
@Suite(.serialized)
struct TCPAdapterTests {
    @Test func greetsAndAnswersEachLine() async throws {
        let server = try await InProcessServer.start(tcp: true)
        let client = try server.connect()
        client.send(line: "you never listen to me")
        let reply = try #require(client.readLine())
        #expect(reply.hasPrefix("Hi, I'm Haven"))
        client.send(line: "/tip listen")
        #expect(client.readLine()?.hasPrefix("Listen to Your Partner: ") == true)
        client.send(line: "/quit")
        #expect(client.readLine() == "BYE take care")
        #expect(client.readLine(timeout: 5) == nil)
        try await server.stop()
    }

    @Test func servesSeveralClientsAtOnceAsSeparateConversations() async throws {
        let server = try await InProcessServer.start(tcp: true)
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
        try await server.stop()
        let count = try SQLiteDatabase(path: server.statePath).query("SELECT COUNT(*) FROM conversation").first?.first?
            .integer
        #expect(count == 8)
    }

    @Test func refusesOverlongLinesAndInvalidUTF8WithoutDisturbingOthers() async throws {
        let config = try temporaryConfig(#"{"version": 1, "adapters": {"tcp": {"maxLineBytes": 64}}}"#)
        let server = try await InProcessServer.start(config: config, tcp: true)
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
        try await server.stop()
    }

    @Test func closesIdleConnections() async throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"idleTimeoutSeconds": 1}}}"#)
        let server = try await InProcessServer.start(config: config, tcp: true)
        let client = try server.connect()
        #expect(client.readLine(timeout: 10) == "BYE idle for 1 seconds")
        #expect(client.readLine(timeout: 5) == nil)
        try await server.stop()
    }

    @Test func keepsTheConnectionLimit() async throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"maxConnections": 2}}}"#)
        let server = try await InProcessServer.start(config: config, tcp: true)
        let first = try server.connect()
        let second = try server.connect()
        let third = try LineClient(port: try #require(server.ports["tcp"]))
        #expect(third.readLine() == "ERROR busy: too many connections (2); please try again later")
        first.send(line: "hello")
        #expect(first.readLine() != nil)
        _ = second
        try await server.stop()
    }

    @Test func shrugsOffAClientThatLeavesMidMessage() async throws {
        let server = try await InProcessServer.start(tcp: true)
        let leaving = try server.connect()
        leaving.send(Array("you never list".utf8))
        leaving.shutdownWrite()
        #expect(leaving.readLine(timeout: 5) == nil)
        let other = try server.connect()
        other.send(line: "you never listen to me")
        #expect(other.readLine() != nil)
        try await server.stop()
        let count = try SQLiteDatabase(path: server.statePath).query("SELECT COUNT(*) FROM conversation").first?.first?
            .integer
        #expect(count == 1, "the half message was never a message")
    }

    @Test func answersTheLinesOfAClientThatHasStoppedWriting() async throws {
        // `printf 'a\nb\n' | nc -N host port`: the lines, then end of input, then wait for the replies.
        let server = try await InProcessServer.start(tcp: true)
        let client = try server.connect()
        client.send(Array("you never listen to me\n/tip listen\n".utf8))
        client.shutdownWrite()
        let replies = client.readAll(timeout: 10)
        #expect(replies.count == 2, "\(replies)")
        #expect(replies.last?.hasPrefix("Listen to Your Partner: ") == true)
        #expect(client.closedByPeer, "then the server closes")
        try await server.stop()
    }
}

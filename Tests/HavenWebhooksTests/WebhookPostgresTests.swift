import Foundation
import HavenHTTP
import HavenServerTesting
import Testing

/// The webhook adapter of the built `haven serve` on the PostgreSQL store: a conversation (keyed
/// by room and sender, unlike a TCP connection) continues across a crash and restart.
@Suite(.serialized)
struct WebhookPostgresTests {
    @Test func aConversationContinuesAcrossAKillAndForgetEmptiesEveryTable() async throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let config = try temporaryConfig(
            #"""
            {"version": 1, "rules": {"watch": false},
             "store": {"kind": "postgres", "postgres": {"host": "127.0.0.1", "port": \#(cluster.port), "database": "\#(database)",
               "user": "\#(cluster.user)", "passwordEnv": "HAVEN_TEST_PG_PASSWORD", "sslMode": "disable", "poolSize": 2}},
             "adapters": {"webhooks": {"enabled": true, "host": "127.0.0.1", "port": 0,
               "rateLimit": {"perSenderPerMinute": 6000, "perSenderBurst": 1000, "globalPerSecond": 0},
               "endpoints": {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET"}}}}}
            """#)
        let environment = TestSecrets.environment(["HAVEN_TEST_PG_PASSWORD": cluster.password])
        let client = makeClient()
        defer { client.shutdown() }
        func say(_ server: WebhookServeProcess, _ text: String, id: String = "msg_" + UUID().uuidString) async throws
            -> [String: Any]
        {
            object(
                try await client.postGeneric(
                    server, body: jsonBody(["conversation": "room-9", "sender": "alice", "text": text]), id: id))
        }
        func prompts() throws -> [String] {
            let json = try #require(
                try cluster.psql(
                    "SELECT state FROM conversation WHERE id = 'webhook:generic:room-9:alice'", database: database
                ).first?.first)
            return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["usedPrompts"]
                as? [String] ?? []
        }

        let first = try WebhookServeProcess(config: config, environment: environment)
        #expect(try await say(first, "you never listen to me", id: "msg_first")["status"] as? String == "replied")
        #expect(try await say(first, "you never listen to me when I talk about work")["status"] as? String == "replied")
        #expect(try await say(first, "you never listen to me", id: "msg_first")["status"] as? String == "duplicate")
        let beforeKill = try prompts()
        first.kill()

        let second = try WebhookServeProcess(config: config, environment: environment)
        #expect(
            try await say(second, "you never listen to me", id: "msg_first")["status"] as? String == "duplicate",
            "handled ids survive")
        #expect(try await say(second, "you never listen to me about the holidays")["status"] as? String == "replied")
        let afterRestart = try prompts()
        #expect(beforeKill.count == 2)
        #expect(Array(afterRestart.prefix(2)) == beforeKill, "the restarted server read the stored conversation")
        #expect(afterRestart.count == 3 && Set(afterRestart).count == 3, "no prompt repeated: \(afterRestart)")

        #expect(try await say(second, "/forget")["status"] as? String == "replied")
        #expect(second.stop().status == 0)
        let person = "webhook:generic:alice"
        for table in ["conversation", "message_text", "handled_event", "outbox", "dead_letter"] {
            #expect(
                try cluster.count("SELECT COUNT(*) FROM \(table) WHERE person = '\(person)'", database: database) == 0,
                "\(table)")
        }
        #expect(
            try cluster.count("SELECT COUNT(*) FROM adapter_value WHERE key LIKE '%alice%'", database: database) == 0)
        #expect(try cluster.count("SELECT COUNT(*) FROM conversation", database: database) == 0)
    }
}

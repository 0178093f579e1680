import Foundation
import HavenHTTP
import HavenServerTesting
import Testing

/// Several `haven serve` processes on one PostgreSQL database, as behind a load balancer: a
/// delivery sent to more than one of them at once is answered once and advances its
/// conversation once, and each queued reply reaches the receiver once.
@Suite(.serialized)
struct WebhookSharedStoreTests {
    /// A config on `database` of the throwaway cluster, its generic endpoint replying to `HAVEN_TEST_OUT_URL` when `outbound`.
    static func config(_ cluster: PostgresCluster, database: String, outbound: Bool) throws -> String {
        let out = outbound ? #", "outbound": {"format": "generic", "urlEnv": "HAVEN_TEST_OUT_URL"}"# : ""
        return try temporaryConfig(
            #"""
            {"version": 1, "rules": {"watch": false},
             "store": {"kind": "postgres", "postgres": {"host": "127.0.0.1", "port": \#(cluster.port), "database": "\#(database)",
               "user": "\#(cluster.user)", "passwordEnv": "HAVEN_TEST_PG_PASSWORD", "sslMode": "disable", "poolSize": 2}},
             "adapters": {"webhooks": {"enabled": true, "host": "127.0.0.1", "port": 0,
               "rateLimit": {"perSenderPerMinute": 6000, "perSenderBurst": 1000, "globalPerSecond": 0},
               "delivery": {"baseDelayMilliseconds": 20, "maxDelaySeconds": 1, "timeoutSeconds": 10},
               "endpoints": {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET"\#(out)}}}}}
            """#)
    }

    /// Posts one signed delivery to every instance at the same moment; the statuses they answer.
    static func sendToAll(
        _ instances: [WebhookServeProcess], client: HTTPClient, text: String, conversation: String, id: String
    ) async throws -> [String] {
        let body = jsonBody(["conversation": conversation, "sender": "alice", "text": text])
        return try await withThrowingTaskGroup(of: String.self) { group in
            for instance in instances {
                group.addTask {
                    object(try await client.postGeneric(instance, body: body, id: id))["status"] as? String ?? "?"
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theSameDeliveryToTwoInstancesAtOnceTakesOneTurn() async throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let config = try Self.config(cluster, database: database, outbound: false)
        let environment = TestSecrets.environment(["HAVEN_TEST_PG_PASSWORD": cluster.password])
        let instances = try (0..<2).map { _ in try WebhookServeProcess(config: config, environment: environment) }
        let client = makeClient()
        defer { client.shutdown() }
        let rounds = 12
        for round in 0..<rounds {
            let statuses = try await Self.sendToAll(
                instances, client: client, text: "you never listen to me when I talk about my day",
                conversation: "room-1",
                id: "msg_shared_\(round)")
            #expect(statuses.sorted() == ["duplicate", "replied"], "round \(round): \(statuses)")
        }
        for instance in instances { #expect(instance.stop().status == 0) }
        let json = try #require(
            try cluster.psql(
                "SELECT state FROM conversation WHERE id = 'webhook:generic:room-1:alice'", database: database
            )
            .first?.first)
        let state = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(state?["turns"] as? Int == rounds, "one turn per delivery")
        #expect(try cluster.count("SELECT COUNT(*) FROM handled_event", database: database) == rounds)
    }

    @Test func eachReplyReachesTheReceiverOnceFromThreeInstances() async throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        // A receiver slow enough that the instances' delivery passes overlap.
        let receiver = try await TestHTTPServer.start(
            responses: [], otherwise: TestHTTPResponse.text("ok").delayed(by: .milliseconds(150)))
        let config = try Self.config(cluster, database: database, outbound: true)
        let environment = TestSecrets.environment([
            "HAVEN_TEST_PG_PASSWORD": cluster.password, "HAVEN_TEST_OUT_URL": receiver.url("/in"),
        ])
        let instances = try (0..<3).map { _ in try WebhookServeProcess(config: config, environment: environment) }
        let client = makeClient()
        defer { client.shutdown() }
        let messages = 15
        for index in 0..<messages {
            // Five conversations, each to its own target order; every delivery to all three at once.
            let statuses = try await Self.sendToAll(
                instances, client: client, text: "he just walks out when we argue", conversation: "room-\(index % 5)",
                id: "msg_out_\(index)")
            #expect(statuses.filter { $0 == "replied" }.count == 1, "\(statuses)")
        }
        try await eventually(within: .seconds(60), "every reply is delivered") {
            try cluster.count("SELECT COUNT(*) FROM outbox", database: database) == 0
                && receiver.requestCount >= messages
        }
        // Long enough for a second copy of any row to arrive (a bound, not a measure of speed).
        try await Task.sleep(for: .seconds(2))
        for instance in instances { #expect(instance.stop().status == 0) }
        await receiver.shutdown()
        let ids = receiver.requests.compactMap { $0.header("webhook-id") }
        #expect(receiver.requestCount == messages, "each reply once")
        #expect(Set(ids).count == messages && ids.count == messages)
        #expect(try cluster.count("SELECT COUNT(*) FROM dead_letter", database: database) == 0)
    }
}

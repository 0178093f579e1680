import Foundation
import HavenCore
import HavenCoreTesting
import HavenPostgres
import HavenRuntime
import HavenServer
import HavenServerTesting
import HavenStore
import Logging
import Synchronization
import Testing

/// Several instances on one PostgreSQL database: each a `Conversations` over its own
/// `PostgresStateStore` (its own connections), as `haven serve` processes behind a load balancer.
@Suite(.serialized)
struct SharedStoreConversationTests {
    static let logger = Logger(label: "haven.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A store on `database` of the throwaway cluster, as one instance opens it.
    static func instanceStore(_ cluster: PostgresCluster, database: String) throws -> PostgresStateStore {
        try PostgresStateStore(
            options: PostgresStateStore.Options(
                host: "127.0.0.1", port: cluster.port, database: database, user: cluster.user,
                password: cluster.password, sslMode: "disable", poolSize: 2))
    }

    /// Two instances, two threads, each taking `turnsEach` messages of one conversation at once:
    /// every turn counts once, and the replies are those of the same messages taken one by one.
    @Test func twoInstancesTakingTurnsOfOneConversationLoseNone() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let rules = LiveRules(try TestRules.shippedRuleSet())
        let instances = try (0..<2).map { _ in
            Conversations(
                rules: rules, store: try Self.instanceStore(cluster, database: database),
                configuration: DialogueConfiguration(), logger: Self.logger)
        }
        let turnsEach = 30
        let message = "you never listen to me when I talk about my day"
        let conversation = "webhook:generic:room-1:alice"
        let replies = Mutex<[String]>([])
        let failures = SimultaneousThreads.run(instances.count) { index in
            for _ in 0..<turnsEach {
                let turn = try instances[index].take(message, conversation: conversation, person: "alice")
                replies.withLock { $0 += turn.replies }
            }
        }
        #expect(failures.isEmpty)

        // The same messages one after another: the dialogue is a pure function of state and text.
        let dialogue = Dialogue(rules: rules.rules, configuration: DialogueConfiguration())
        var expected: ConversationState?
        var expectedReplies: [String] = []
        for _ in 0..<(2 * turnsEach) {
            let turn = dialogue.handle(message, state: expected)
            expected = turn.state
            expectedReplies += turn.replies
        }
        let stored = try instances[0].store.conversation(conversation)
        #expect(stored?.turns == 2 * turnsEach, "every turn counted once")
        #expect(stored == expected, "the stored rotation is that of the turns taken one by one")
        #expect(
            replies.withLock { $0 }.sorted() == expectedReplies.sorted(),
            "each reply given once: no prompt repeated before its rotation allows")
    }

    /// A TCP conversation on a `haven serve` whose store is PostgreSQL keeps its state there,
    /// not in a state file, so another instance would continue it.
    @Test func aTCPConversationOnAPostgresServeKeepsItsStateInPostgres() async throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        var configuration = InProcessServeTests.configuration()
        configuration.haven.storeKind = .postgres
        configuration.haven.postgres.port = cluster.port
        configuration.haven.postgres.database = database
        configuration.haven.postgres.user = cluster.user
        configuration.haven.postgres.passwordEnv = "HAVEN_TEST_PG_PASSWORD"
        configuration.haven.postgres.sslMode = "disable"
        let server = try await InProcessServer.start(
            configuration: configuration, environment: ["HAVEN_TEST_PG_PASSWORD": cluster.password])
        let client = try server.connect()
        for line in ["he never listens to me when I talk about my day", "you always criticise how I cook"] {
            client.send(line: line)
            let reply = try #require(client.readLine(), "no reply")
            #expect(reply.hasSuffix("?"), "a reflective question: \(reply)")
        }
        client.send(line: "/quit")
        #expect(client.readLine()?.hasPrefix("BYE") == true)
        try await server.stop()
        #expect(!FileManager.default.fileExists(atPath: configuration.haven.storePath), "no state file was written")
        let stored = try Self.instanceStore(cluster, database: database)
        let rows = try stored.pool.query("SELECT id, state FROM conversation")
        #expect(rows.count == 1)
        let id = try #require(rows.first?.text(0))
        #expect(id.hasPrefix("tcp:"), "\(id)")
        #expect(try stored.conversation(id)?.turns == 2)
    }
}

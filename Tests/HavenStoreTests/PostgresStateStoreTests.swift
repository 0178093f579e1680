import Foundation
import HavenCore
import HavenCoreTesting
import HavenPostgres
import HavenServerTesting
import HavenStore
import Testing

/// What only the PostgreSQL store has: migrations under an advisory lock, a pool that survives
/// lost connections, and connection errors that never hold the password.
struct PostgresStateStoreTests {
    @Test func instancesStartingAtOnceMigrateOnce() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let options = try StoreBackend.options(cluster, database: database, poolSize: 1)
        // Eight instances at once on an empty database, each on its own thread, released together:
        // without the lock, their CREATE TABLEs collide.
        let failures = SimultaneousThreads.run(8) { _ in _ = try PostgresStateStore(options: options) }
        #expect(failures.isEmpty)
        #expect(try cluster.psql("SELECT version FROM schema_version ORDER BY version", database: database) == [["1"]])
    }

    @Test func refusesADatabaseFromANewerHaven() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        _ = try PostgresStateStore(options: try StoreBackend.options(cluster, database: database))
        try cluster.psql("INSERT INTO schema_version (version) VALUES (99)", database: database)
        #expect(throws: StoreError.newerSchema(99)) {
            try PostgresStateStore(options: try StoreBackend.options(cluster, database: database))
        }
    }

    @Test func aLostConnectionIsReplacedAndTheStatementRunAgain() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let store = try PostgresStateStore(options: try StoreBackend.options(cluster, database: database, poolSize: 1))
        var state = ConversationState()
        state.turns = 2
        try store.save(state, conversation: "c", person: "p", at: 1)
        // As a server restart or an idle timeout would: the store's backend is gone.
        let killed = try cluster.count(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()",
            database: "postgres")
        #expect(killed == 1)
        #expect(try store.conversation("c") == state)
        // And a transaction after the loss runs on the new connection too.
        _ = try cluster.count(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()",
            database: "postgres")
        try store.forget(person: "p")
        #expect(try store.conversation("c") == nil)
    }

    @Test func manyCallersShareASmallPool() throws {
        let cluster = try PostgresCluster.get()
        let store = try PostgresStateStore(
            options: try StoreBackend.options(cluster, database: try cluster.createDatabase(), poolSize: 2))
        let failures = SimultaneousThreads.run(8) { worker in
            for turn in 1...25 {
                var state = ConversationState()
                state.turns = turn
                try store.save(state, conversation: "c\(worker)", person: "p\(worker)", at: Int64(turn))
                try store.recordHandled(
                    "e\(worker).\(turn)", adapter: "a", person: "p\(worker)", at: 1, enqueue: [],
                    nowMilliseconds: 0)
            }
        }
        #expect(failures.isEmpty)
        for worker in 0..<8 { #expect(try store.conversation("c\(worker)")?.turns == 25) }
        #expect(
            try cluster.count(
                "SELECT COUNT(*) FROM handled_event",
                database: try #require(store.pool.query("SELECT current_database()").first?.text(0))) == 200)
    }

    @Test func passesTheTLSModeToLibpq() throws {
        let cluster = try PostgresCluster.get()
        var options = try StoreBackend.options(cluster, database: "postgres")
        // The test cluster has no certificate: a store that must have TLS refuses to go on without it.
        options.sslMode = "require"
        let error = #expect(throws: StoreError.self) { try PostgresStateStore(options: options) }
        #expect(
            error.map { "\($0)" }?.hasSuffix("server does not support SSL, but SSL was required") == true,
            "\(String(describing: error))")
    }

    @Test func connectionErrorsNeverHoldThePassword() throws {
        let cluster = try PostgresCluster.get()
        let secret = "not-the-password-\(UUID().uuidString)"
        var options = try StoreBackend.options(cluster, database: "postgres")
        options.password = secret
        do {
            _ = try PostgresStateStore(options: options)
            Issue.record("a wrong password was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("cannot connect to postgres at '127.0.0.1:\(cluster.port)/postgres'"))
            #expect(text.contains("password authentication failed"))
            #expect(!text.contains(secret))
        }
    }
}

import Foundation
import HavenServerTesting
import Testing

/// `haven serve` (the built binary) with `store.kind: postgres`, against the throwaway cluster.
@Suite(.serialized)
struct ServePostgresTests {
    static let passwordVariable = "HAVEN_TEST_PG_PASSWORD"

    func config(_ cluster: PostgresCluster, database: String) throws -> String {
        try temporaryConfig(
            #"""
            {"store": {"kind": "postgres", "postgres": {"host": "127.0.0.1", "port": \#(cluster.port), "database": "\#(database)",
             "user": "\#(cluster.user)", "passwordEnv": "\#(Self.passwordVariable)", "sslMode": "disable", "poolSize": 2}}}
            """#)
    }

    /// The stored state of each conversation: id → (turns, prompts used).
    func conversations(_ cluster: PostgresCluster, database: String) throws -> [String: (turns: Int, prompts: [String])]
    {
        var found: [String: (turns: Int, prompts: [String])] = [:]
        for row in try cluster.psql("SELECT id, state FROM conversation", database: database) {
            let state = try JSONSerialization.jsonObject(with: Data(row[1].utf8)) as? [String: Any]
            found[row[0]] = (state?["turns"] as? Int ?? -1, state?["usedPrompts"] as? [String] ?? [])
        }
        return found
    }

    @Test func keepsConversationsInPostgresAcrossARestartAndForgetsThemThere() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let config = try config(cluster, database: database)
        let environment = [Self.passwordVariable: cluster.password]

        let first = try ServeProcess(config: config, environment: environment)
        let alice = try first.connect()
        alice.send(line: "you never listen to me")
        let reply1 = try #require(alice.readLine())
        alice.send(line: "you never listen to me when I talk about my day")
        let reply2 = try #require(alice.readLine())
        #expect(reply1 != reply2)
        #expect(first.stop().status == 0)
        // Between the two lines the state went through PostgreSQL: the second prompt is another one.
        let before = try conversations(cluster, database: database)
        let (aliceID, aliceState) = try #require(before.first)
        #expect(before.count == 1)
        #expect(aliceState.turns == 2)
        #expect(aliceState.prompts.count == 2 && Set(aliceState.prompts).count == 2, "\(aliceState.prompts)")

        // A restart migrates nothing again and finds the stored conversation as it was.
        let second = try ServeProcess(config: config, environment: environment)
        #expect(try cluster.psql("SELECT version FROM schema_version", database: database) == [["1"]])
        let bob = try second.connect()
        bob.send(line: "you never listen to me")
        #expect(bob.readLine() != nil)
        let after = try conversations(cluster, database: database)
        #expect(after.count == 2)
        #expect(after[aliceID]?.turns == 2 && after[aliceID]?.prompts == aliceState.prompts)
        let bobID = try #require(after.keys.first { $0 != aliceID })

        bob.send(line: "/forget")
        #expect(bob.readLine() != nil)
        bob.send(line: "/quit")
        _ = bob.readAll(timeout: 5)
        #expect(second.stop().status == 0)
        // Nothing in any table names bob; alice is untouched.
        for table in ["conversation", "message_text", "handled_event", "outbox", "dead_letter"] {
            #expect(
                try cluster.count("SELECT COUNT(*) FROM \(table) WHERE person = '\(bobID)'", database: database) == 0,
                "\(table)")
        }
        #expect(
            try cluster.count("SELECT COUNT(*) FROM adapter_value WHERE key LIKE '%\(bobID)%'", database: database) == 0
        )
        #expect(try conversations(cluster, database: database).keys.sorted() == [aliceID])
    }

    @Test func refusesAStoreKindItDoesNotKnowAndAnUnsetPassword() throws {
        let bad = try temporaryConfig(#"{"store": {"kind": "postgresql"}}"#)
        let kind = try HavenBinary.run(["serve", "--config", bad, "--tcp", "127.0.0.1:0"])
        #expect(kind.status == 78)
        #expect(
            kind.stderrText.contains(#"$.store.kind: expected one of sqlite, postgres, got "postgresql""#),
            "\(kind.stderrText)")
        let unset = try temporaryConfig(
            #"{"store": {"kind": "postgres", "postgres": {"passwordEnv": "HAVEN_TEST_PG_PASSWORD_NOT_SET"}}}"#)
        let password = try HavenBinary.run(["serve", "--config", unset, "--tcp", "127.0.0.1:0"])
        #expect(password.status == 78)
        #expect(
            password.stderrText.contains(
                "$.store.postgres.passwordEnv: the environment variable 'HAVEN_TEST_PG_PASSWORD_NOT_SET' is not set"))
        let settings = try temporaryConfig(
            #"{"store": {"postgres": {"sslMode": "allow", "poolSize": 0, "passwordEnv": "pw-pasted-here!"}}}"#)
        let problems = try HavenBinary.run(["serve", "--config", settings, "--tcp", "127.0.0.1:0"])
        #expect(problems.status == 78)
        #expect(
            problems.stderrText.contains(
                #"$.store.postgres.sslMode: expected one of disable, prefer, require, verify-full, got "allow""#),
            "\(problems.stderrText)")
        #expect(problems.stderrText.contains("$.store.postgres.poolSize"))
        // Checked even while the store is SQLite, and a secret pasted as the variable name is never echoed.
        #expect(
            problems.stderrText.contains("$.store.postgres.passwordEnv: expected the name of an environment variable"))
        #expect(!problems.stderrText.contains("pw-pasted-here"))
    }

    @Test func aWrongPasswordStopsServeWithoutShowingIt() throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.createDatabase()
        let secret = "wrong-\(UUID().uuidString)"
        let result = try HavenBinary.run(
            ["serve", "--config", try config(cluster, database: database), "--tcp", "127.0.0.1:0"],
            environment: [Self.passwordVariable: secret])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains("cannot connect to postgres at '127.0.0.1:\(cluster.port)/\(database)'"),
            "\(result.stderrText)")
        #expect(!result.stderrText.contains(secret))
    }
}

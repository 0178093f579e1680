import Foundation
import HavenCore
import HavenStore
import Testing

/// What only the SQLite store has: the file itself (reopening, WAL, bytes left after `forget`),
/// its schema version, opening errors. Behaviour both stores share is in ``StoreConformanceTests``.
struct SQLiteStateStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("haven-store-\(UUID().uuidString).sqlite").path
    }

    func state(turns: Int) -> ConversationState {
        var state = ConversationState()
        state.turns = turns
        state.usedPrompts = ["criticism.1", "criticism.2"]
        state.memory = ["criticism"]
        return state
    }

    @Test func keepsStateAcrossReopeningTheFile() throws {
        let path = temporaryPath()
        do {
            let store = try SQLiteStateStore(path: path)
            try store.save(state(turns: 7), conversation: "tcp:1", person: "tcp:1", at: 100)
            try store.setValue("s123", for: "matrix.next_batch")
        }
        let reopened = try SQLiteStateStore(path: path)
        #expect(try reopened.conversation("tcp:1")?.turns == 7)
        #expect(try reopened.value(for: "matrix.next_batch") == "s123")
        let version = try reopened.database.query("PRAGMA user_version").first?.first?.integer
        #expect(version == Int64(SQLiteStateStoreTests.migrationCount))
        #expect(try reopened.database.query("PRAGMA journal_mode").first?.first?.text == "wal")
    }

    static let migrationCount = 4

    @Test func forgetLeavesNothingAboutThePersonInTheFile() throws {
        let path = temporaryPath()
        let store = try SQLiteStateStore(path: path, keepsText: true)
        try store.save(state(turns: 1), conversation: "room:alice", person: "@alice-secret-id:example.org", at: 100)
        try store.recordText(
            "my private words", conversation: "room:alice", person: "@alice-secret-id:example.org", fromPerson: true,
            at: 100)
        try store.setValue("x", for: "person:@alice-secret-id:example.org:handled")
        try store.save(state(turns: 1), conversation: "room:bob", person: "@bob:example.org", at: 100)
        try store.forget(person: "@alice-secret-id:example.org")
        #expect(try store.conversation("room:alice") == nil)
        #expect(try store.conversation("room:bob") != nil)
        let rows = try store.database.query("SELECT COUNT(*) FROM conversation WHERE person LIKE '%alice%'").first?
            .first?.integer
        #expect(rows == 0)
        #expect(try store.database.query("SELECT COUNT(*) FROM message_text").first?.first?.integer == 0)
        // The bytes themselves are gone from the file, not just unlinked.
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("alice-secret-id".utf8)) == nil)
        #expect(bytes.range(of: Data("my private words".utf8)) == nil)
    }

    @Test func refusesAFileFromANewerHaven() throws {
        let path = temporaryPath()
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA user_version = 99")
        }
        #expect(throws: StoreError.newerSchema(99)) { try SQLiteStateStore(path: path) }
    }

    @Test func reportsAnUnopenableFileClearly() {
        #expect(throws: StoreError.self) { try SQLiteStateStore(path: "/nonexistent-dir/haven.sqlite") }
    }
}

import Foundation
import HavenStore
import Testing

/// What the outbox keeps of a reply, which quotes the person's own words: what delivery needs
/// while it is pending, and nothing of the text once it is dead-lettered (unless message text
/// is kept by choice); dead letters go with the retention period.
struct OutboxPrivacyTests {
    let reply = "It sounds like he never listens to you about the garden"

    func queue(_ store: SQLiteStateStore, at milliseconds: Int64) throws -> SQLiteStateStore.OutboxRow {
        let row = SQLiteStateStore.NewOutboxRow(
            target: "slack", person: "webhook:slack:U1", body: Array(#"{"text": "\#(reply)"}"#.utf8),
            headers: #"{"X-Reply": "garden"}"#)
        try store.recordHandled(
            nil, adapter: "webhook:slack", person: "webhook:slack:U1", at: milliseconds / 1000, enqueue: [row],
            nowMilliseconds: milliseconds)
        return try #require(try store.dueOutbox(at: milliseconds, limit: 10).last)
    }

    /// Whether the reply's words are anywhere in the state file or its WAL.
    func fileHoldsTheReply(_ path: String) -> Bool {
        let needle = Data("never listens to you about the garden".utf8)
        return [path, path + "-wal"].contains { FileManager.default.contents(atPath: $0)?.range(of: needle) != nil }
    }

    @Test func aDeadLetterKeepsNoReplyText() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-outbox-\(UUID().uuidString).sqlite"
        ).path
        let store = try SQLiteStateStore(path: path, keepsText: false)
        let pending = try queue(store, at: 1_000_000)
        #expect(String(decoding: pending.body, as: UTF8.self).contains(reply), "delivery has what it needs")
        try store.moveToDeadLetter(pending.id, attempts: 8, at: 2_000_000, error: "HTTP 400")
        let dead = try #require(
            try store.database.query(
                "SELECT target, person, length(body), headers, attempts, last_error FROM dead_letter"
            ).first)
        #expect(
            dead.map { $0.text ?? $0.integer.map(String.init) } == [
                "slack", "webhook:slack:U1", "0", "{}", "8", "HTTP 400",
            ])
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(!fileHoldsTheReply(path))
    }

    @Test func deadLettersFromBeforeAreScrubbedAtOpen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-outbox-\(UUID().uuidString).sqlite"
        ).path
        do {
            let keeping = try SQLiteStateStore(path: path, keepsText: true)
            try keeping.moveToDeadLetter(
                try queue(keeping, at: 1_000_000).id, attempts: 1, at: 2_000_000, error: "HTTP 404")
            #expect(
                try keeping.database.query("SELECT length(body) FROM dead_letter").first?.first?.integer ?? 0 > 0,
                "kept by choice")
        }
        let store = try SQLiteStateStore(path: path, keepsText: false)
        #expect(
            try store.database.query("SELECT length(body), headers FROM dead_letter").first?.map {
                $0.text ?? $0.integer.map(String.init)
            } == ["0", "{}"])
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(!fileHoldsTheReply(path))
    }

    @Test func deadLettersExpireWithTheRetentionPeriod() throws {
        let store = try SQLiteStateStore(path: ":memory:")
        try store.moveToDeadLetter(try queue(store, at: 1_000_000).id, attempts: 1, at: 1_000_000, error: "HTTP 404")
        try store.moveToDeadLetter(try queue(store, at: 9_000_000).id, attempts: 1, at: 9_000_000, error: "HTTP 404")
        try store.expire(before: 5_000)  // seconds: between the two failures
        #expect(try store.database.query("SELECT failed_at FROM dead_letter").map { $0.first?.integer } == [9_000_000])
    }
}

import Foundation
public import HavenCore

/// The embedded default store: one SQLite file, in WAL mode, with numbered migrations.
public final class SQLiteStateStore: StateStore, @unchecked Sendable {
    public let database: SQLiteDatabase
    /// Whether message text may be stored (config `store.keepMessageText`; off by default).
    public let keepsText: Bool

    /// Opens or creates the store at `path` (`":memory:"` for tests) and brings its schema up to date;
    /// `onFault` hears when the file is tampered with while open (see ``StateFileFault``).
    public init(path: String, keepsText: Bool = false, onFault: (@Sendable (StateFileFault) -> Void)? = nil)
        throws(StoreError)
    {
        database = try SQLiteDatabase(path: path, onFault: onFault)
        self.keepsText = keepsText
        try migrate()
        // Dead letters written while message text was kept (or before Haven dropped their
        // bodies) lose it now that it is not. secure_delete overwrites the old bytes.
        if !keepsText {
            try database.execute(
                "UPDATE dead_letter SET body = x'', headers = '{}' WHERE length(body) > 0 OR headers != '{}'")
        }
    }

    /// Schema changes, in order; `PRAGMA user_version` records how many have run.
    static let migrations: [String] = [
        """
        CREATE TABLE conversation (
            id TEXT PRIMARY KEY,
            person TEXT NOT NULL,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX conversation_person ON conversation(person);
        CREATE INDEX conversation_updated ON conversation(updated_at);
        CREATE TABLE message_text (
            conversation TEXT NOT NULL,
            person TEXT NOT NULL,
            from_person INTEGER NOT NULL,
            text TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX message_text_person ON message_text(person);
        CREATE TABLE adapter_value (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // 2: chat adapters. Events already answered (so a restart never answers twice), and the
        // outbox of replies to deliver (written before sending, removed after a 2xx).
        """
        CREATE TABLE handled_event (
            adapter TEXT NOT NULL,
            event_id TEXT NOT NULL,
            person TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (adapter, event_id)
        );
        CREATE INDEX handled_event_person ON handled_event(person);
        CREATE INDEX handled_event_at ON handled_event(at);
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target TEXT NOT NULL,
            person TEXT NOT NULL,
            body BLOB NOT NULL,
            headers TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            last_error TEXT
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at);
        CREATE INDEX outbox_person ON outbox(person);
        CREATE TABLE dead_letter (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            person TEXT NOT NULL,
            body BLOB NOT NULL,
            headers TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            failed_at INTEGER NOT NULL,
            last_error TEXT
        );
        CREATE INDEX dead_letter_person ON dead_letter(person);
        """,
        // 3: the delivery worker reads the outbox per target, oldest first.
        """
        CREATE INDEX outbox_target ON outbox(target, id);
        """,
        // 4: claims, so the API matches PostgreSQL's and two processes on one file never send a row twice.
        """
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
        """,
    ]

    private func migrate() throws(StoreError) {
        let version = Int(try database.query("PRAGMA user_version").first?.first?.integer ?? 0)
        guard version <= Self.migrations.count else { throw .newerSchema(version) }
        for index in version..<Self.migrations.count {
            try database.transaction { (transaction) throws(StoreError) in
                for statement in Self.migrations[index].split(separator: ";")
                where !statement.allSatisfy(\.isWhitespace) {
                    try transaction.execute(String(statement))
                }
                try transaction.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    public func conversation(_ id: String) throws(StoreError) -> ConversationState? {
        guard
            let json = try database.query("SELECT state FROM conversation WHERE id = ?", [.text(id)]).first?.first?.text
        else {
            return nil
        }
        return try ConversationState(storedJSON: json, conversation: id)
    }

    public func save(_ state: ConversationState, conversation id: String, person: String, at time: Int64)
        throws(StoreError)
    {
        let json = try state.storedJSON(conversation: id)
        try database.execute(
            "INSERT INTO conversation (id, person, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET person = excluded.person, state = excluded.state, updated_at = excluded.updated_at",
            [.text(id), .text(person), .text(json), .integer(time)])
    }

    public func recordText(_ text: String, conversation id: String, person: String, fromPerson: Bool, at time: Int64)
        throws(StoreError)
    {
        guard keepsText else { return }
        try database.execute(
            "INSERT INTO message_text (conversation, person, from_person, text, at) VALUES (?, ?, ?, ?, ?)",
            [.text(id), .text(person), .integer(fromPerson ? 1 : 0), .text(text), .integer(time)])
    }

    public func forget(person: String) throws(StoreError) {
        try database.transaction { (transaction) throws(StoreError) in
            try Self.deleteRows(of: person, in: transaction)
        }
        try foldDeletions()
    }

    /// Every row about `person`, deleted inside `transaction` (``forget(person:)`` and a `/forget` turn).
    static func deleteRows(of person: String, in transaction: SQLiteDatabase.Transaction) throws(StoreError) {
        try transaction.execute("DELETE FROM conversation WHERE person = ?", [.text(person)])
        try transaction.execute("DELETE FROM message_text WHERE person = ?", [.text(person)])
        try transaction.execute(
            "DELETE FROM adapter_value WHERE key LIKE ? ESCAPE '\\'",
            [.text("person:" + LikePattern.escape(person) + ":%")])
        try transaction.execute("DELETE FROM handled_event WHERE person = ?", [.text(person)])
        try transaction.execute("DELETE FROM outbox WHERE person = ?", [.text(person)])
        try transaction.execute("DELETE FROM dead_letter WHERE person = ?", [.text(person)])
    }

    /// Folds the WAL back into the main file, so pages deleted by a forget are overwritten there too.
    func foldDeletions() throws(StoreError) {
        if database.path != ":memory:" { try database.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    @discardableResult
    public func expire(before time: Int64) throws(StoreError) -> Int {
        try database.transaction { (transaction) throws(StoreError) -> Int in
            try transaction.execute(
                "DELETE FROM message_text WHERE conversation IN (SELECT id FROM conversation WHERE updated_at < ?)",
                [.integer(time)])
            try transaction.execute("DELETE FROM conversation WHERE updated_at < ?", [.integer(time)])
            let expired = database.changes
            // Dead letters go with the same period (their times are in milliseconds).
            try transaction.execute(
                "DELETE FROM dead_letter WHERE failed_at < ?",
                [.integer(time.multipliedReportingOverflow(by: 1000).partialValue)])
            return expired
        }
    }

    public func value(for key: String) throws(StoreError) -> String? {
        try database.query("SELECT value FROM adapter_value WHERE key = ?", [.text(key)]).first?.first?.text
    }

    public func setValue(_ value: String?, for key: String) throws(StoreError) {
        if let value {
            try database.execute(
                "INSERT INTO adapter_value (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        } else {
            try database.execute("DELETE FROM adapter_value WHERE key = ?", [.text(key)])
        }
    }

    public func checkpoint() {
        if database.path != ":memory:" { try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

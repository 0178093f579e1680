/// The outbox of replies to deliver, and the dead-letter table of replies that could not be.
///
/// A reply is written here before it is sent and removed only after the destination accepted
/// it, so a crash or an outage loses nothing. Rows for one target are delivered in order: only
/// the oldest row of each target is ever due. Times in `outbox` and `dead_letter` are
/// milliseconds since 1970 (finer than `handled_event.at`, which is in seconds), so retries
/// can be spaced by less than a second.
extension SQLiteStateStore {
    /// The row types are shared by every store now; these names keep the old spellings working.
    public typealias NewOutboxRow = HavenStore.NewOutboxRow
    public typealias OutboxRow = HavenStore.OutboxRow

    /// Records that `adapter` handled `eventID` and queues `rows`, in one transaction.
    ///
    /// With an event id that was already recorded, nothing is written and it returns false:
    /// the same delivery twice gets one reply. Without an event id the rows are always queued.
    @discardableResult
    public func recordHandled(
        _ eventID: String?, adapter: String, person: String, at time: Int64, enqueue rows: [NewOutboxRow],
        nowMilliseconds: Int64
    ) throws(StoreError) -> Bool {
        try database.transaction { (transaction) throws(StoreError) -> Bool in
            if let eventID {
                try transaction.execute(
                    "INSERT OR IGNORE INTO handled_event (adapter, event_id, person, at) VALUES (?, ?, ?, ?)",
                    [.text(adapter), .text(eventID), .text(person), .integer(time)])
                guard database.changes > 0 else { return false }
            }
            for row in rows { try Self.enqueue(row, at: nowMilliseconds, in: transaction) }
            return true
        }
    }

    /// Queues one row, due at once, inside `transaction`.
    static func enqueue(_ row: NewOutboxRow, at nowMilliseconds: Int64, in transaction: SQLiteDatabase.Transaction)
        throws(StoreError)
    {
        try transaction.execute(
            "INSERT INTO outbox (target, person, body, headers, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
            [
                .text(row.target), .text(row.person), .blob(row.body), .text(row.headers),
                .integer(nowMilliseconds), .integer(nowMilliseconds),
            ])
    }

    /// The rows due at `now` (milliseconds), oldest first: at most one per target, the oldest of it.
    public func dueOutbox(at now: Int64, limit: Int) throws(StoreError) -> [OutboxRow] {
        Self.outboxRows(
            try database.query(
                "SELECT \(Self.outboxColumns) FROM outbox WHERE \(Self.claimable) ORDER BY id LIMIT ?",
                [.integer(now), .integer(now), .integer(Int64(limit))]))
    }

    /// The columns ``outboxRows(_:)`` reads, in its order.
    static let outboxColumns =
        "id, target, person, body, headers, attempts, next_attempt_at, created_at, last_error"

    /// Rows that may be claimed at `?` (twice): the heads of their targets, due, under no live claim.
    static let claimable = """
        id IN (SELECT MIN(id) FROM outbox GROUP BY target) AND next_attempt_at <= ?
        AND (claimed_by IS NULL OR lease_until <= ?)
        """

    /// Claims the heads due at `now` in one write transaction: of two processes on one file,
    /// the second waits for the first's commit and then sees its claims.
    public func claimOutbox(at now: Int64, limit: Int, instance: String, leaseUntil: Int64) throws(StoreError)
        -> [OutboxRow]
    {
        try database.transaction { (transaction) throws(StoreError) -> [OutboxRow] in
            let rows = Self.outboxRows(
                try transaction.query(
                    "SELECT \(Self.outboxColumns) FROM outbox WHERE \(Self.claimable) ORDER BY id LIMIT ?",
                    [.integer(now), .integer(now), .integer(Int64(limit))]))
            for row in rows {
                try transaction.execute(
                    "UPDATE outbox SET claimed_by = ?, lease_until = ? WHERE id = ?",
                    [.text(instance), .integer(leaseUntil), .integer(row.id)])
            }
            return rows
        }
    }

    @discardableResult
    public func removeFromOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError) -> Bool {
        try database.transaction { (transaction) throws(StoreError) -> Bool in
            try transaction.execute(
                "DELETE FROM outbox WHERE id = ? AND claimed_by = ?", [.integer(id), .text(instance)])
            return database.changes > 0
        }
    }

    @discardableResult
    public func rescheduleOutbox(
        _ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String, claimedBy instance: String
    ) throws(StoreError) -> Bool {
        try database.transaction { (transaction) throws(StoreError) -> Bool in
            try transaction.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ? AND claimed_by = ?",
                [.integer(Int64(attempts)), .integer(nextAttemptAt), .text(error), .integer(id), .text(instance)])
            return database.changes > 0
        }
    }

    @discardableResult
    public func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String, claimedBy instance: String)
        throws(StoreError) -> Bool
    {
        try moveToDeadLetter(id, attempts: attempts, at: time, error: error, holder: instance)
    }

    public func releaseOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError) {
        try database.execute(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = ? AND claimed_by = ?",
            [.integer(id), .text(instance)])
    }

    /// Outbox rows from a query of ``outboxColumns``.
    static func outboxRows(_ rows: [[SQLiteValue]]) -> [OutboxRow] {
        rows.compactMap { row in
            guard row.count == 9, let id = row[0].integer, let target = row[1].text, let person = row[2].text else {
                return nil
            }
            var body: [UInt8] = []
            switch row[3] {
            case .blob(let bytes): body = bytes
            case .text(let text): body = Array(text.utf8)
            default: break
            }
            return OutboxRow(
                id: id, target: target, person: person, body: body, headers: row[4].text ?? "{}",
                attempts: Int(row[5].integer ?? 0),
                nextAttemptAt: row[6].integer ?? 0, createdAt: row[7].integer ?? 0, lastError: row[8].text)
        }
    }

    /// When the next row of the outbox falls due (milliseconds), or nil when it is empty.
    ///
    /// Only rows at the head of their target's queue count, as for ``dueOutbox(at:limit:)``.
    public func nextOutboxDue() throws(StoreError) -> Int64? {
        try database.query(
            "SELECT MIN(CASE WHEN claimed_by IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY target)"
        ).first?.first?.integer
    }

    /// Removes a delivered row.
    public func removeFromOutbox(_ id: Int64) throws(StoreError) {
        try database.execute("DELETE FROM outbox WHERE id = ?", [.integer(id)])
    }

    /// Counts a failed attempt and schedules the next one.
    public func rescheduleOutbox(_ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String) throws(StoreError) {
        try database.execute(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
            [.integer(Int64(attempts)), .integer(nextAttemptAt), .text(error), .integer(id)])
    }

    /// Moves a row that will never be delivered to `dead_letter`, in one transaction.
    ///
    /// A reply quotes the person's words, and a dead letter is never sent, so unless message
    /// text is kept by choice (``keepsText``) only where it was going, whose it was, how it
    /// failed and when are kept: the body and headers are dropped.
    public func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String) throws(StoreError) {
        _ = try moveToDeadLetter(id, attempts: attempts, at: time, error: error, holder: nil)
    }

    /// Moves a row held by `holder` (any row when nil) to the dead letters; false when there was none.
    private func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String, holder: String?)
        throws(StoreError) -> Bool
    {
        let kept = keepsText ? "body, headers" : "x'', '{}'"
        let held = holder == nil ? "" : " AND claimed_by = ?"
        let holderBinding: [SQLiteValue] = holder.map { [.text($0)] } ?? []
        return try database.transaction { (transaction) throws(StoreError) -> Bool in
            try transaction.execute(
                """
                INSERT OR REPLACE INTO dead_letter (id, target, person, body, headers, attempts, created_at, failed_at, last_error)
                SELECT id, target, person, \(kept), ?, created_at, ?, ? FROM outbox WHERE id = ?\(held)
                """,
                [.integer(Int64(attempts)), .integer(time), .text(error), .integer(id)] + holderBinding)
            try transaction.execute("DELETE FROM outbox WHERE id = ?\(held)", [.integer(id)] + holderBinding)
            return database.changes > 0
        }
    }

    /// How many rows wait in the outbox and how many are in the dead-letter table.
    public func outboxCounts() throws(StoreError) -> (pending: Int, deadLetters: Int) {
        let row = try database.query("SELECT (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM dead_letter)").first
        return (Int(row?.first?.integer ?? 0), Int(row?.last?.integer ?? 0))
    }

    /// Forgets handled-event records of adapters whose name starts with `prefix`, older than `time` (seconds).
    public func pruneHandled(before time: Int64, adapterPrefix prefix: String) throws(StoreError) {
        try database.execute(
            "DELETE FROM handled_event WHERE at < ? AND adapter LIKE ? ESCAPE '\\'",
            [.integer(time), .text(LikePattern.escape(prefix) + "%")])
    }

    public func releaseHandled(_ eventID: String, adapter: String) throws(StoreError) {
        try database.execute(
            "DELETE FROM handled_event WHERE adapter = ? AND event_id = ?", [.text(adapter), .text(eventID)])
    }
}

public import HavenStore

/// Handled events, the outbox and dead letters: the same contract as ``SQLiteStateStore``'s
/// (see ``StateStore``).
///
/// Several instances deliver one outbox with claims (`claimed_by`, `lease_until`): a claim is
/// one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …`, so two instances
/// claiming at once skip each other's rows instead of waiting, and a row already claimed
/// under a live lease is not a candidate at all. Only a target's head row is a candidate, so
/// while one instance holds it no other instance can send that target's later rows.
extension PostgresStateStore {
    public func wasHandled(_ eventID: String, adapter: String) throws(StoreError) -> Bool {
        try !pool.query(
            "SELECT 1 FROM handled_event WHERE adapter = $1 AND event_id = $2", [.text(adapter), .text(eventID)]
        ).isEmpty
    }

    @discardableResult
    public func recordHandled(
        _ eventID: String?, adapter: String, person: String, at time: Int64, enqueue rows: [NewOutboxRow],
        nowMilliseconds: Int64
    ) throws(StoreError) -> Bool {
        try pool.transaction { (transaction) throws(StoreError) -> Bool in
            if let eventID {
                // A unique insert: of two instances recording one event at once, the second waits
                // for the first's commit and then inserts nothing.
                let inserted = try transaction.execute(
                    "INSERT INTO handled_event (adapter, event_id, person, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    [.text(adapter), .text(eventID), .text(person), .integer(time)]
                ).changed
                guard inserted > 0 else { return false }
            }
            for row in rows { try Self.enqueue(row, at: nowMilliseconds, in: transaction) }
            return true
        }
    }

    /// Queues one row, due at once, inside `transaction`.
    static func enqueue(_ row: NewOutboxRow, at nowMilliseconds: Int64, in transaction: PostgresTransaction)
        throws(StoreError)
    {
        try transaction.execute(
            "INSERT INTO outbox (target, person, body, headers, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 0, $5, $5)",
            [.text(row.target), .text(row.person), .bytes(row.body), .text(row.headers), .integer(nowMilliseconds)])
    }

    public func pruneHandled(before time: Int64, adapterPrefix prefix: String) throws(StoreError) {
        try pool.execute(
            "DELETE FROM handled_event WHERE at < $1 AND adapter LIKE $2 ESCAPE '\\'",
            [.integer(time), .text(LikePattern.escape(prefix) + "%")])
    }

    public func releaseHandled(_ eventID: String, adapter: String) throws(StoreError) {
        try pool.execute(
            "DELETE FROM handled_event WHERE adapter = $1 AND event_id = $2", [.text(adapter), .text(eventID)])
    }

    /// The columns ``outboxRows(_:)`` reads, in its order.
    static let outboxColumns =
        "id, target, person, body, headers, attempts, next_attempt_at, created_at, last_error"

    /// Rows that may be claimed at `$1`: the heads of their targets, due, under no live claim.
    static let claimable = """
        id IN (SELECT MIN(id) FROM outbox GROUP BY target) AND next_attempt_at <= $1
        AND (claimed_by IS NULL OR lease_until <= $1)
        """

    public func dueOutbox(at now: Int64, limit: Int) throws(StoreError) -> [OutboxRow] {
        Self.outboxRows(
            try pool.query(
                "SELECT \(Self.outboxColumns) FROM outbox WHERE \(Self.claimable) ORDER BY id LIMIT $2",
                [.integer(now), .integer(Int64(limit))]))
    }

    public func claimOutbox(at now: Int64, limit: Int, instance: String, leaseUntil: Int64) throws(StoreError)
        -> [OutboxRow]
    {
        let rows = Self.outboxRows(
            try pool.query(
                """
                UPDATE outbox SET claimed_by = $3, lease_until = $4
                WHERE id IN (SELECT id FROM outbox WHERE \(Self.claimable) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING \(Self.outboxColumns)
                """,
                [.integer(now), .integer(Int64(limit)), .text(instance), .integer(leaseUntil)]))
        return rows.sorted { $0.id < $1.id }
    }

    /// Outbox rows from a query of ``outboxColumns``.
    static func outboxRows(_ rows: [PostgresRow]) -> [OutboxRow] {
        rows.compactMap { row in
            guard let id = row.integer(0), let target = row.text(1), let person = row.text(2) else { return nil }
            return OutboxRow(
                id: id, target: target, person: person, body: row.bytes(3) ?? [], headers: row.text(4) ?? "{}",
                attempts: Int(row.integer(5) ?? 0), nextAttemptAt: row.integer(6) ?? 0, createdAt: row.integer(7) ?? 0,
                lastError: row.text(8))
        }
    }

    public func nextOutboxDue() throws(StoreError) -> Int64? {
        try pool.query(
            """
            SELECT MIN(CASE WHEN claimed_by IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)
            FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY target)
            """
        ).first?.integer(0)
    }

    public func removeFromOutbox(_ id: Int64) throws(StoreError) {
        try pool.execute("DELETE FROM outbox WHERE id = $1", [.integer(id)])
    }

    @discardableResult
    public func removeFromOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError) -> Bool {
        try pool.execute("DELETE FROM outbox WHERE id = $1 AND claimed_by = $2", [.integer(id), .text(instance)])
            .changed > 0
    }

    @discardableResult
    public func rescheduleOutbox(
        _ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String, claimedBy instance: String
    ) throws(StoreError) -> Bool {
        try pool.execute(
            """
            UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, claimed_by = NULL, lease_until = NULL
            WHERE id = $4 AND claimed_by = $5
            """,
            [.integer(Int64(attempts)), .integer(nextAttemptAt), .text(error), .integer(id), .text(instance)]
        ).changed > 0
    }

    public func releaseOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError) {
        try pool.execute(
            "UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = $1 AND claimed_by = $2",
            [.integer(id), .text(instance)])
    }

    public func rescheduleOutbox(_ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String) throws(StoreError) {
        try pool.execute(
            "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4",
            [.integer(Int64(attempts)), .integer(nextAttemptAt), .text(error), .integer(id)])
    }

    public func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String) throws(StoreError) {
        _ = try moveToDeadLetter(id, attempts: attempts, at: time, error: error, holder: nil)
    }

    @discardableResult
    public func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String, claimedBy instance: String)
        throws(StoreError) -> Bool
    {
        try moveToDeadLetter(id, attempts: attempts, at: time, error: error, holder: instance)
    }

    /// Moves a row held by `holder` (any row when nil) to the dead letters; false when there was none.
    private func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String, holder: String?)
        throws(StoreError) -> Bool
    {
        // One statement, so atomic without a transaction, and harmless to run twice.
        let kept = keepsText ? "body, headers" : "''::bytea, '{}'"
        let held = holder == nil ? "" : " AND claimed_by = $5"
        let holderParameter: [PostgresValue] = holder.map { [.text($0)] } ?? []
        return try pool.execute(
            """
            WITH moved AS (DELETE FROM outbox WHERE id = $1\(held) RETURNING id, target, person, body, headers, created_at)
            INSERT INTO dead_letter (id, target, person, body, headers, attempts, created_at, failed_at, last_error)
            SELECT id, target, person, \(kept), $2, created_at, $3, $4 FROM moved
            ON CONFLICT (id) DO UPDATE SET target = excluded.target, person = excluded.person, body = excluded.body,
                headers = excluded.headers, attempts = excluded.attempts, created_at = excluded.created_at,
                failed_at = excluded.failed_at, last_error = excluded.last_error
            """,
            [.integer(id), .integer(Int64(attempts)), .integer(time), .text(error)] + holderParameter
        ).changed > 0
    }

    public func outboxCounts() throws(StoreError) -> (pending: Int, deadLetters: Int) {
        let row = try pool.query("SELECT (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM dead_letter)").first
        return (Int(row?.integer(0) ?? 0), Int(row?.integer(1) ?? 0))
    }
}

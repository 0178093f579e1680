public import HavenCore
public import HavenStore

/// One turn in one transaction (see ``StateStore/takeTurn(conversation:person:event:at:nowMilliseconds:_:)``).
///
/// The conversation is locked with `pg_advisory_xact_lock` on a hash of its id, taken after
/// the event's unique insert and before the state is read, and released by the commit or
/// rollback. Why a lock and not `SELECT … FOR UPDATE` or optimistic versions: a new
/// conversation has no row to lock (two instances would both read nothing and both insert,
/// and one turn would be lost); insert-then-lock would write placeholder rows; a version
/// column needs a migration and a retry loop that runs the dialogue again on a conflict. The
/// advisory lock needs no row and no schema, and the transaction it serialises is a handful
/// of short statements around a pure function of microseconds, so waiting is cheaper than
/// retrying. A hash collision only makes two conversations take turns, never mixes them.
/// Read Committed gives each statement a fresh snapshot, so the state read after the lock
/// is the one the previous holder committed.
///
/// The lock uses the two-key form (`Haven` in ASCII, and `hashtext` of the id), a key space
/// apart from the one-key migration lock.
extension PostgresStateStore {
    public func takeTurn(
        conversation id: String, person: String, event: TurnEvent?, at time: Int64, nowMilliseconds: Int64,
        _ turn: (ConversationState?) -> TurnWrite
    ) throws(StoreError) -> Bool {
        try pool.transaction { (transaction) throws(StoreError) -> Bool in
            if let event {
                // Of two instances given one delivery, the second waits here for the first's
                // commit, then inserts nothing: it never reaches the dialogue.
                let inserted = try transaction.execute(
                    "INSERT INTO handled_event (adapter, event_id, person, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    [.text(event.adapter), .text(event.id), .text(person), .integer(time)]
                ).changed
                guard inserted > 0 else { return false }
            }
            try transaction.execute("SELECT pg_advisory_xact_lock(1214346853, hashtext($1))", [.text(id)])
            var current: ConversationState?
            if let json = try transaction.query("SELECT state FROM conversation WHERE id = $1", [.text(id)]).first?
                .text(0)
            {
                current = try ConversationState(storedJSON: json, conversation: id)
            }
            let write = turn(current)
            if write.forgetsPerson {
                try Self.deleteRows(of: person, in: transaction)
                // The event stays answered (a retry must not be answered again), without the person's key.
                if let event {
                    try transaction.execute(
                        "INSERT INTO handled_event (adapter, event_id, person, at) VALUES ($1, $2, '', $3) ON CONFLICT DO NOTHING",
                        [.text(event.adapter), .text(event.id), .integer(time)])
                }
            }
            if let state = write.state {
                try transaction.execute(
                    """
                    INSERT INTO conversation (id, person, state, updated_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (id) DO UPDATE SET person = excluded.person, state = excluded.state, updated_at = excluded.updated_at
                    """,
                    [.text(id), .text(person), .text(try state.storedJSON(conversation: id)), .integer(time)])
                if keepsText {
                    let texts = (write.message.map { [($0, true)] } ?? []) + write.replies.map { ($0, false) }
                    for (text, fromPerson) in texts {
                        try transaction.execute(
                            "INSERT INTO message_text (conversation, person, from_person, text, at) VALUES ($1, $2, $3, $4, $5)",
                            [.text(id), .text(person), .bool(fromPerson), .text(text), .integer(time)])
                    }
                }
            }
            for row in write.outbox { try Self.enqueue(row, at: nowMilliseconds, in: transaction) }
            return true
        }
    }
}

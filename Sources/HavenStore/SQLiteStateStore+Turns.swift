public import HavenCore

/// One turn in one transaction (see ``StateStore/takeTurn(conversation:person:event:at:nowMilliseconds:_:)``).
///
/// `BEGIN IMMEDIATE` takes SQLite's write lock before the state is read, so the turn is
/// serialised with every other writer: this process's (the connection's lock) and any other
/// process's on the same file (the file lock, waited for up to the busy timeout).
extension SQLiteStateStore {
    public func takeTurn(
        conversation id: String, person: String, event: TurnEvent?, at time: Int64, nowMilliseconds: Int64,
        _ turn: (ConversationState?) -> TurnWrite
    ) throws(StoreError) -> Bool {
        var forgot = false
        let taken = try database.transaction { (transaction) throws(StoreError) -> Bool in
            if let event {
                try transaction.execute(
                    "INSERT OR IGNORE INTO handled_event (adapter, event_id, person, at) VALUES (?, ?, ?, ?)",
                    [.text(event.adapter), .text(event.id), .text(person), .integer(time)])
                guard database.changes > 0 else { return false }
            }
            var current: ConversationState?
            if let json = try transaction.query("SELECT state FROM conversation WHERE id = ?", [.text(id)]).first?
                .first?
                .text
            {
                current = try ConversationState(storedJSON: json, conversation: id)
            }
            let write = turn(current)
            if write.forgetsPerson {
                try Self.deleteRows(of: person, in: transaction)
                forgot = true
                // The event stays answered (a retry must not be answered again), without the person's key.
                if let event {
                    try transaction.execute(
                        "INSERT OR IGNORE INTO handled_event (adapter, event_id, person, at) VALUES (?, ?, '', ?)",
                        [.text(event.adapter), .text(event.id), .integer(time)])
                }
            }
            if let state = write.state {
                try transaction.execute(
                    "INSERT INTO conversation (id, person, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET person = excluded.person, state = excluded.state, updated_at = excluded.updated_at",
                    [.text(id), .text(person), .text(try state.storedJSON(conversation: id)), .integer(time)])
                if keepsText {
                    let texts = (write.message.map { [($0, true)] } ?? []) + write.replies.map { ($0, false) }
                    for (text, fromPerson) in texts {
                        try transaction.execute(
                            "INSERT INTO message_text (conversation, person, from_person, text, at) VALUES (?, ?, ?, ?, ?)",
                            [.text(id), .text(person), .integer(fromPerson ? 1 : 0), .text(text), .integer(time)])
                    }
                }
            }
            for row in write.outbox {
                try Self.enqueue(row, at: nowMilliseconds, in: transaction)
            }
            return true
        }
        if forgot { try foldDeletions() }
        return taken
    }
}

public import HavenCore

/// Where conversation state lives between messages and restarts.
///
/// Privacy by default: the store keeps pattern and prompt ids, not message text, unless
/// configured to; `forget` deletes every row about a person.
///
/// Adapters see only this protocol (`any StateStore`): the embedded SQLite store and the
/// PostgreSQL store (module `HavenPostgres`) both pass one conformance suite.
public protocol StateStore: Sendable {
    /// Whether message text may be stored (config `store.keepMessageText`; off by default).
    var keepsText: Bool { get }
    /// The state of a conversation, or nil for a new one.
    func conversation(_ id: String) throws(StoreError) -> ConversationState?
    /// Saves a conversation's state; `person` is who `forget` deletes it for.
    func save(_ state: ConversationState, conversation id: String, person: String, at time: Int64) throws(StoreError)
    /// Records a message's text, only when the store was configured to keep text.
    func recordText(_ text: String, conversation id: String, person: String, fromPerson: Bool, at time: Int64)
        throws(StoreError)
    /// Deletes everything about a person: conversations, texts, handled events, outbox rows,
    /// dead letters, and adapter values keyed `person:<person>:…`.
    func forget(person: String) throws(StoreError)
    /// Deletes conversations untouched since `time` (and dead letters that failed before it); returns how many conversations.
    @discardableResult
    func expire(before time: Int64) throws(StoreError) -> Int
    /// A small key-value table for adapters (sync positions and the like).
    func value(for key: String) throws(StoreError) -> String?
    func setValue(_ value: String?, for key: String) throws(StoreError)

    // MARK: One turn

    /// Takes one turn of a conversation in ONE transaction, so several instances sharing the
    /// store never lose a turn, repeat a prompt or answer one event twice.
    ///
    /// In order: records `event` with a unique insert (a conflict means the event was already
    /// answered, or is being answered by another instance right now, which this call waits
    /// for: nothing else happens and it returns false); locks the conversation (it may have no
    /// row yet); loads its state and hands it to `turn`, which runs the pure dialogue and must
    /// not touch the store; deletes everything about `person` if the write says so (the event
    /// stays recorded, without the person's key); saves the new state; records the texts when
    /// text is kept; queues the outbox rows; commits. A throw rolls everything back, the event
    /// record included, so a retry is answered.
    ///
    /// SQLite takes its write lock up front (`BEGIN IMMEDIATE`); PostgreSQL locks the
    /// conversation with a transaction-scoped advisory lock (see ``PostgresStateStore``).
    ///
    /// - Parameters:
    ///   - time: seconds since 1970, for the conversation and the event record.
    ///   - nowMilliseconds: when queued rows were written and fall due.
    /// - Returns: false for a duplicate event (nothing written, `turn` not called).
    func takeTurn(
        conversation id: String, person: String, event: TurnEvent?, at time: Int64, nowMilliseconds: Int64,
        _ turn: (ConversationState?) -> TurnWrite
    ) throws(StoreError) -> Bool

    // MARK: Handled events (see ``recordHandled(_:adapter:person:at:enqueue:nowMilliseconds:)``)

    /// Whether `adapter` already handled `eventID`.
    func wasHandled(_ eventID: String, adapter: String) throws(StoreError) -> Bool
    /// Records that `adapter` handled `eventID` and queues `rows`, in one transaction.
    ///
    /// With an event id that was already recorded, nothing is written and it returns false:
    /// the same delivery twice gets one reply. Without an event id the rows are always queued.
    @discardableResult
    func recordHandled(
        _ eventID: String?, adapter: String, person: String, at time: Int64, enqueue rows: [NewOutboxRow],
        nowMilliseconds: Int64
    ) throws(StoreError) -> Bool
    /// Forgets handled-event records of adapters whose name starts with `prefix`, older than `time` (seconds).
    func pruneHandled(before time: Int64, adapterPrefix prefix: String) throws(StoreError)
    /// Forgets one handled-event record: a claim (an id recorded before the work it guards)
    /// given back because the work failed, so the next attempt can take it.
    func releaseHandled(_ eventID: String, adapter: String) throws(StoreError)

    // MARK: The outbox and dead letters
    //
    // A reply is written to the outbox before it is sent and removed only after the destination
    // accepted it, so a crash or an outage loses nothing. Rows for one target are delivered in
    // order: only the oldest row of each target is ever due.

    /// The rows due at `now` (milliseconds), oldest first: at most one per target, the oldest of
    /// it, and none under a live claim. Reads only: a deliverer claims rows with ``claimOutbox(at:limit:instance:leaseUntil:)``.
    func dueOutbox(at now: Int64, limit: Int) throws(StoreError) -> [OutboxRow]
    /// When the next row of the outbox falls due (milliseconds), or nil when it is empty.
    ///
    /// Only rows at the head of their target's queue count, as for ``dueOutbox(at:limit:)``; a
    /// head claimed by an instance falls due when its lease ends, if that is later.
    func nextOutboxDue() throws(StoreError) -> Int64?

    // MARK: Claims: several instances delivering one outbox
    //
    // A deliverer claims the rows it is about to send, for one attempt: the claim names the
    // instance and lasts until `leaseUntil` (the attempt's timeout and a margin). Only the head
    // row of a target can be claimed, so a claimed head holds its target's later rows and each
    // target keeps its order across instances. Removing, rescheduling, dead-lettering and
    // releasing act only on a row the instance still holds. An instance that dies leaves its
    // claims; once a lease is over another instance takes the row over, and may send it again
    // (delivery is at least once; the generic body's `webhook-id` is stable per row).

    /// Claims for `instance` until `leaseUntil` up to `limit` rows due at `now` (milliseconds):
    /// the head row of each target, unless another claim on it is live. Oldest first.
    func claimOutbox(at now: Int64, limit: Int, instance: String, leaseUntil: Int64) throws(StoreError) -> [OutboxRow]
    /// Removes a delivered row `instance` holds; false when it no longer does (its lease ran out and
    /// another instance took the row over).
    @discardableResult
    func removeFromOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError) -> Bool
    /// Counts a failed attempt, schedules the next and ends the claim; false when `instance` no longer holds the row.
    @discardableResult
    func rescheduleOutbox(_ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String, claimedBy instance: String)
        throws(StoreError) -> Bool
    /// ``moveToDeadLetter(_:attempts:at:error:)`` for a row `instance` holds; false when it no longer does.
    @discardableResult
    func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String, claimedBy instance: String)
        throws(StoreError) -> Bool
    /// Ends the claim of `instance` on a row it did not attempt (the server is stopping), so it is due at once again.
    func releaseOutbox(_ id: Int64, claimedBy instance: String) throws(StoreError)

    // MARK: Unclaimed (one instance, tests)
    /// Removes a row, claimed or not.
    func removeFromOutbox(_ id: Int64) throws(StoreError)
    /// Counts a failed attempt and schedules the next one, claimed or not.
    func rescheduleOutbox(_ id: Int64, attempts: Int, nextAttemptAt: Int64, error: String) throws(StoreError)
    /// Moves a row that will never be delivered to the dead letters, in one transaction.
    ///
    /// A reply quotes the person's words, and a dead letter is never sent, so unless message
    /// text is kept by choice (``keepsText``) only where it was going, whose it was, how it
    /// failed and when are kept: the body and headers are dropped.
    func moveToDeadLetter(_ id: Int64, attempts: Int, at time: Int64, error: String) throws(StoreError)
    /// How many rows wait in the outbox and how many are in the dead-letter table.
    func outboxCounts() throws(StoreError) -> (pending: Int, deadLetters: Int)

    /// Called once as the server stops, so what was written is in its final place (SQLite folds
    /// its WAL back into the file). Best effort: a failure here changes nothing already committed.
    func checkpoint()
}

extension StateStore {
    /// Records that `adapter` handled `eventID` for `person`; returns false if it was already recorded.
    @discardableResult
    public func markHandled(_ eventID: String, adapter: String, person: String, at time: Int64) throws(StoreError)
        -> Bool
    {
        try recordHandled(eventID, adapter: adapter, person: person, at: time, enqueue: [], nowMilliseconds: 0)
    }

    public func checkpoint() {}
}

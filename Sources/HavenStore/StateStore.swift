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

    // MARK: The outbox and dead letters
    //
    // A reply is written to the outbox before it is sent and removed only after the destination
    // accepted it, so a crash or an outage loses nothing. Rows for one target are delivered in
    // order: only the oldest row of each target is ever due.

    /// The rows due at `now` (milliseconds), oldest first: at most one per target, the oldest of it.
    func dueOutbox(at now: Int64, limit: Int) throws(StoreError) -> [OutboxRow]
    /// When the next row of the outbox falls due (milliseconds), or nil when it is empty.
    ///
    /// Only rows at the head of their target's queue count, as for ``dueOutbox(at:limit:)``.
    func nextOutboxDue() throws(StoreError) -> Int64?
    /// Removes a delivered row.
    func removeFromOutbox(_ id: Int64) throws(StoreError)
    /// Counts a failed attempt and schedules the next one.
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

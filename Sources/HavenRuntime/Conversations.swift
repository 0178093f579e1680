public import Foundation
public import HavenCore
public import HavenStore
public import Logging

/// Runs the dialogue for every adapter: loads a conversation's state, takes one turn, stores the result,
/// all in one store transaction.
public final class Conversations: Sendable {
    public let rules: LiveRules
    public let store: any StateStore
    public let configuration: DialogueConfiguration
    let logger: Logger
    let logMessageText: Bool
    /// The time now, read once per turn: seconds for the conversation, milliseconds for the outbox.
    let clock: @Sendable () -> Date
    private let locks: [NSLock] = (0..<64).map { _ in NSLock() }

    public init(
        rules: LiveRules, store: any StateStore, configuration: DialogueConfiguration, logger: Logger,
        logMessageText: Bool = false,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.rules = rules
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.logMessageText = logMessageText
        self.clock = clock
    }

    /// Handles one message and returns the replies to send (none when the person has opted out).
    ///
    /// - Parameters:
    ///   - conversation: the adapter's key for the conversation (a TCP connection, a room and sender).
    ///   - person: who `forget` deletes data for.
    ///   - configuration: overrides the dialogue settings for this adapter (command prefixes).
    public func handle(
        _ message: String, conversation: String, person: String, configuration override: DialogueConfiguration? = nil
    ) throws(StoreError) -> [String] {
        try take(message, conversation: conversation, person: person, configuration: override).replies
    }

    /// What one message did: the replies, and whether it deleted everything about the person.
    public struct Turn: Sendable, Equatable {
        public var replies: [String]
        /// The message was `/forget`: an adapter that records the message as handled must not
        /// write the person's key back in that record.
        public var forgotPerson: Bool
    }

    /// ``handle(_:conversation:person:configuration:)``, also saying whether the person was forgotten.
    public func take(
        _ message: String, conversation: String, person: String, configuration override: DialogueConfiguration? = nil
    ) throws(StoreError) -> Turn {
        // Without an event there is nothing to find already handled, so a turn is always taken.
        try take(message, conversation: conversation, person: person, configuration: override, event: nil) { _ in [] }
            ?? Turn(replies: [], forgotPerson: false)
    }

    /// One message in one store transaction (``StateStore/takeTurn(conversation:person:event:at:nowMilliseconds:_:)``):
    /// the event recorded, the conversation locked, loaded, advanced, saved, and the replies
    /// queued, together; so instances sharing a store never lose a turn, repeat a prompt or
    /// answer one event twice.
    ///
    /// - Parameters:
    ///   - event: the platform's id of the message, recorded as handled in the same transaction.
    ///   - outbox: the outbox rows for the replies (none when they go back another way).
    /// - Returns: the turn, or nil when `event` was already handled (nothing was written).
    public func take(
        _ message: String, conversation: String, person: String, configuration override: DialogueConfiguration? = nil,
        event: TurnEvent?, outbox: (_ replies: [String]) -> [NewOutboxRow]
    ) throws(StoreError) -> Turn? {
        let started = ContinuousClock.now
        // The store's transaction is what keeps a conversation's turns in order, across
        // instances too; this lock only keeps one instance's callers from each holding a
        // connection while they wait for the same conversation.
        let lock = locks[Int(UInt(bitPattern: conversation.hashValue) % UInt(locks.count))]
        lock.lock()
        defer { lock.unlock() }
        let dialogue = Dialogue(rules: rules.rules, configuration: override ?? configuration)
        let now = clock().timeIntervalSince1970
        var taken: DialogueTurn?
        let handled = try store.takeTurn(
            conversation: conversation, person: person, event: event, at: Int64(now.rounded(.down)),
            nowMilliseconds: Int64((now * 1000).rounded(.down))
        ) { state in
            let turn = dialogue.handle(message, state: state)
            taken = turn
            return TurnWrite(
                state: turn.state, forgetsPerson: turn.actions.contains(.forget), message: message,
                replies: turn.replies, outbox: outbox(turn.replies))
        }
        guard handled, let turn = taken else { return nil }
        var metadata: Logger.Metadata = [
            "haven.conversation": "\(Self.pseudonym(conversation))",
            "haven.patterns": "\(turn.patterns.joined(separator: ","))",
            "haven.prompt": "\(turn.promptID ?? "-")",
            "haven.duration_ms": "\((ContinuousClock.now - started).formattedMilliseconds)",
        ]
        if logMessageText { metadata["haven.text"] = "\(message)" }
        logger.debug("message handled", metadata: metadata)
        return Turn(replies: turn.replies, forgotPerson: turn.actions.contains(.forget))
    }

    /// A stable, non-reversible stand-in for an id in logs.
    public static func pseudonym(_ id: String) -> String {
        String(StableHash.fnv1a(id.utf8), radix: 16)
    }
}

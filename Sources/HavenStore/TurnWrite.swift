public import HavenCore

/// What one turn of the dialogue writes, handed back to ``StateStore/takeTurn(conversation:person:event:at:nowMilliseconds:_:)``
/// by the caller's closure, to be written in the turn's transaction.
public struct TurnWrite: Sendable, Equatable {
    /// The conversation's new state; nil leaves the stored one as it is (or absent).
    public var state: ConversationState?
    /// The message was `/forget`: everything about the person goes, before the rest is written.
    public var forgetsPerson: Bool
    /// The person's message, recorded with `replies` only when a state is saved and the store keeps text.
    public var message: String?
    /// The replies' texts, recorded as `message` is.
    public var replies: [String]
    /// Rows queued in the outbox in the same transaction.
    public var outbox: [NewOutboxRow]

    public init(
        state: ConversationState?, forgetsPerson: Bool = false, message: String? = nil, replies: [String] = [],
        outbox: [NewOutboxRow] = []
    ) {
        self.state = state
        self.forgetsPerson = forgetsPerson
        self.message = message
        self.replies = replies
        self.outbox = outbox
    }
}

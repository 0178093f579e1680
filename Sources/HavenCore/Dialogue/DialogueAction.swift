/// What the adapter must do after a message.
public enum DialogueAction: Sendable, Equatable {
    /// Send this one-line text to the person.
    case reply(String)
    /// Delete everything stored about this person (the `forget` command).
    case forget
}

/// The result of one turn: actions for the adapter, and the state to keep (nil: keep nothing).
public struct DialogueTurn: Sendable, Equatable {
    /// What to do, in order.
    public var actions: [DialogueAction]
    /// The conversation's state to keep for its next message; nil when it should be forgotten.
    public var state: ConversationState?
    /// Pattern ids detected (for logs and metrics; never message text).
    public var patterns: [String]
    /// The prompt used, if any.
    public var promptID: String?

    /// The reply texts, in order.
    public var replies: [String] {
        actions.compactMap { if case .reply(let text) = $0 { text } else { nil } }
    }
}

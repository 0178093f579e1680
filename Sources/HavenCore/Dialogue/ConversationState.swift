/// What Haven remembers about one conversation between turns.
///
/// It holds pattern and prompt ids, never the person's words, so persisting it stores no
/// message text.
public struct ConversationState: Codable, Sendable, Equatable {
    /// Messages handled so far.
    public var turns = 0
    /// Whether the first-contact note was given.
    public var greeted = false
    /// Whether the person opted out with `stop`.
    public var stopped = false
    /// Prompt ids used, oldest first; a category's prompts rotate until its pool is used up.
    public var usedPrompts: [String] = []
    /// The category the last reflective prompt answered, for a follow-up to a short reply.
    public var lastCategory: String?
    /// Whether the last reply was a category prompt that invites an answer.
    public var awaitingFollowUp = false
    /// Recent pattern ids (at most ``memoryLimit``), for "earlier you mentioned…".
    public var memory: [String] = []

    /// How many recent items `memory` keeps.
    public static let memoryLimit = 6

    /// A new conversation.
    public init() {}
}

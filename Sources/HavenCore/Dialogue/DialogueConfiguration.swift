/// Settings of the dialogue layer that adapters and config choose.
public struct DialogueConfiguration: Sendable, Equatable {
    /// Prefixes that mark a command (`/help`, `!haven help`).
    public var commandPrefixes: [String]
    /// Replaces the safety response's default resources.
    public var safetyResources: String?
    /// Whether to open a conversation with a note on what Haven is and is not.
    public var firstContactNote: Bool
    /// A reply of at most this many words, after a category prompt, gets that category's follow-up.
    public var shortAnswerWords: Int

    /// A configuration; the defaults suit a one-to-one chat.
    public init(
        commandPrefixes: [String] = ["/"], safetyResources: String? = nil, firstContactNote: Bool = true,
        shortAnswerWords: Int = 6
    ) {
        self.commandPrefixes = commandPrefixes
        self.safetyResources = safetyResources
        self.firstContactNote = firstContactNote
        self.shortAnswerWords = shortAnswerWords
    }

    /// The prefixes for chat rooms: `!haven ` and `/`.
    public static let chatRoom = DialogueConfiguration(commandPrefixes: ["!haven ", "/"])
}

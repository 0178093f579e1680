/// Haven's answer to one message: always one line of plain text.
public struct Reply: Sendable, Equatable {
    /// What to send.
    public let text: String
    /// The category the reply answers, or nil when nothing matched.
    public let categoryID: String?
    /// The prompt used (`safety` for the safety response), so a conversation can avoid repeating it.
    public let promptID: String
    /// Titles of the article sections the reply draws on.
    public let sections: [String]
}

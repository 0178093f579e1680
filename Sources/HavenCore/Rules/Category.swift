/// A pattern category such as `criticism`, with its rules, guards and prompts.
public struct Category: Sendable {
    public let id: String
    public let title: String
    public let priority: Int
    /// Topic ids of the article sections the category draws on.
    public let sections: [String]
    public let prompts: [Prompt]
    /// Prompts for the turn after this category's prompt (used by the dialogue layer).
    public let followUps: [Prompt]
    public let ruleIndices: [Int]
    public let guardIndices: [Int]
    public let mustMatch: [Located<String>]
    public let mustNotMatch: [Located<String>]
    public let location: SourceLocation
}

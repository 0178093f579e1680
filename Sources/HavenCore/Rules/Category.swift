/// A pattern category such as `criticism`, with its rules, guards and prompts.
package struct Category: Sendable {
    package let id: String
    package let title: String
    package let priority: Int
    /// Topic ids of the article sections the category draws on.
    package let sections: [String]
    package let prompts: [Prompt]
    /// Prompts for the turn after this category's prompt (used by the dialogue layer).
    package let followUps: [Prompt]
    package let ruleIndices: [Int]
    package let guardIndices: [Int]
    package let mustMatch: [Located<String>]
    package let mustNotMatch: [Located<String>]
    package let location: SourceLocation
}

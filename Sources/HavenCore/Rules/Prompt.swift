/// A reply template, with the article section it draws on.
public struct Prompt: Sendable, Equatable {
    /// Stable id: the category id and the prompt's position, such as `criticism.3`.
    public let id: String
    public let text: String
    public let section: String
    /// Placeholder names used in the text (`clause`, `match`, `rest` or a regex group).
    public let placeholders: [String]
    /// The messages it is for (`stance:`): `speaker` or `receiver` (see ``PromptChoice``); nil for any.
    public let stance: Stance?
    public let location: SourceLocation
}

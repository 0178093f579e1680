/// A reply template, with the article section it draws on.
package struct Prompt: Sendable, Equatable {
    /// Stable id: the category id and the prompt's position, such as `criticism.3`.
    package let id: String
    package let text: String
    package let section: String
    /// Placeholder names used in the text (`clause`, `match`, `rest` or a regex group).
    package let placeholders: [String]
    /// The messages it is for (`stance:`): `speaker` or `receiver` (see ``PromptChoice``); nil for any.
    package let stance: Stance?
    package let location: SourceLocation
}

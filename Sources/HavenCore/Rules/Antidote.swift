/// A suggestion `haven check` offers for a marked passage: the article's way to say the same
/// thing so that it can be heard, as a template filled with the writer's own words.
///
/// Written in a category's or a rule's `antidotes:` list, each naming its article section.
package struct Antidote: Sendable, Equatable {
    /// `category.antidote.N` or `rule.antidote.N`, 1-based in the file's order.
    package let id: String
    /// One line with placeholders (see ``CheckRules/placeholders``).
    package let text: String
    /// The topic id of the article section it draws on.
    package let section: String
    /// The placeholders the text names, in order.
    package let placeholders: [String]
    package let location: SourceLocation

    package init(id: String, text: String, section: String, placeholders: [String], location: SourceLocation) {
        self.id = id
        self.text = text
        self.section = section
        self.placeholders = placeholders
        self.location = location
    }
}

/// A message `rules test` runs through `haven check`, with the categories it must mark.
package struct CheckExample: Sendable, Equatable {
    /// The category file it is written in.
    package let categoryID: String
    package let text: Located<String>
    /// The categories whose passages `check` must mark, and no others (empty: nothing marked).
    package let marks: [String]
}

/// What `haven check` and the stance of a pattern read from the rule files, beside the
/// matching tables: antidotes, `check_examples`, rule notes and rule `stance:` overrides.
package struct CheckRules: Sendable {
    /// A rule's `stance:`, which replaces the stance read from its words.
    package var stanceOverrides: [String: Stance] = [:]
    /// A category's `antidotes:`, by category id.
    package var categoryAntidotes: [String: [Antidote]] = [:]
    /// A rule's own `antidotes:`, by rule id; they come before its category's.
    package var ruleAntidotes: [String: [Antidote]] = [:]
    /// A rule's `note:`, the plain-language line `check` shows beside a passage.
    package var notes: [String: String] = [:]
    package var examples: [CheckExample] = []

    package init() {}

    /// Placeholders every antidote may use, besides the captures of its rule (or, for a
    /// category's antidotes, of any rule of the category).
    ///
    /// `{match}`, `{clause}` and `{rest}` are the writer's words as written (the antidote is
    /// said by the writer, to the same person); `{topic}` is what the words after the match are
    /// about, without a leading preposition ("with the dishes" → "the dishes").
    package static let placeholders = ["match", "clause", "rest", "topic"]

    /// The antidotes for a passage found by `ruleID` in `categoryID`: the rule's own, else the category's.
    package func antidotes(rule ruleID: String, category categoryID: String) -> [Antidote] {
        if let own = ruleAntidotes[ruleID], !own.isEmpty { return own }
        return categoryAntidotes[categoryID] ?? []
    }
}

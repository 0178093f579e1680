/// Categories without 'match' examples: nothing would notice when an edit stops them matching.
enum UncheckedCategoryCheck: LintCheck {
    static func check(_ rules: RuleSet) -> [Diagnostic] {
        rules.categories.filter(\.mustMatch.isEmpty).map { category in
            Diagnostic(
                .warning, .categoryUnchecked, "category '\(category.id)' has no 'match' examples, so nothing checks it",
                at: category.location)
        }
    }

    static let pages = [
        FindingPage(
            .categoryUnchecked, .warning, summary: "a category has no 'match' examples",
            meaning:
                "'haven rules test' and the loader run each category's examples, so an edit that stops the category from matching is caught at once. A category without 'match' examples is not checked at all.",
            example:
                "category: criticism\ntitle: Criticism\nrules:\n  - id: criticism.never\n    phrases: [\"you never listen\"]",
            fix:
                "Add an 'examples:' mapping with a few messages under 'match:' (and ones it must leave alone under 'no_match:')."
        )
    ]
}

extension DiagnosticCode {
    static let categoryUnchecked: DiagnosticCode = "category-unchecked"
}

/// The same message given as an example that must match a category and as one that must not.
enum ContradictoryExampleCheck: LintCheck {
    static func check(_ rules: RuleSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for category in rules.categories {
            var positive: [String: SourceLocation] = [:]
            for example in category.mustMatch { positive[rules.normalize(example.value).text] = example.location }
            for index in category.ruleIndices {
                for example in rules.rules[index].examples {
                    positive[rules.normalize(example.value).text] = example.location
                }
            }
            for example in category.mustNotMatch {
                if let other = positive[rules.normalize(example.value).text] {
                    diagnostics.append(contradiction(example, category: category.id, other: other))
                }
            }
        }
        return diagnostics
    }

    // MARK: - Messages

    static func contradiction(_ example: Located<String>, category: String, other: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .contradictoryExample,
            "example \"\(example.value)\" must not match '\(category)' but is also given as one that must (\(other))",
            at: example.location)
    }

    static let pages = [
        FindingPage(
            .contradictoryExample, .error, summary: "one message is both a 'match' and a 'no_match' example",
            meaning:
                "The same message (after normalising: case and contractions do not count) is listed as one the category must catch and as one it must not, so one of the two examples always fails.",
            example: "examples:\n  match: [\"you never listen\"]\n  no_match: [\"You never listen!\"]",
            fix: "Decide which it is and remove the other example.")
    ]
}

extension DiagnosticCode {
    static let contradictoryExample: DiagnosticCode = "contradictory-example"
}

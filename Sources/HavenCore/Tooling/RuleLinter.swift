/// Checks a rule folder the way a compiler checks code: every finding with its file, line and column.
///
/// On top of what ``RuleLoader`` reports (syntax, unknown keys, duplicate ids, bad or
/// catastrophic regexes, unknown sections, placeholders, the safety tier), it looks for rules
/// that cannot matter and examples that contradict each other.
public enum RuleLinter {
    /// All findings for a rule folder, sorted by file and position.
    public static func lint(_ sources: [RuleSource]) -> [Diagnostic] {
        lint(RuleLoader.load(sources))
    }

    /// All findings for rules already loaded (so a caller that also wants the set compiles once).
    public static func lint(_ result: RuleLoadResult) -> [Diagnostic] {
        var diagnostics = result.diagnostics
        if let rules = result.ruleSet {
            diagnostics += shadowedRules(rules)
            diagnostics += contradictoryExamples(rules)
            for category in rules.categories where category.mustMatch.isEmpty {
                diagnostics.append(Diagnostic(.warning, "category '\(category.id)' has no 'match' examples, so nothing checks it", at: category.location))
            }
        }
        return diagnostics.sorted { lhs, rhs in
            let left = lhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
            let right = rhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
            return left < right
        }
    }

    /// The closing line: "2 errors, 1 warning in 14 files".
    public static func summary(_ diagnostics: [Diagnostic], files: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }

    /// Rules that cannot matter: every phrase of them, read as a message, also fires another rule
    /// of the same category (so the rule never changes the outcome), or is switched off by a guard.
    static func shadowedRules(_ rules: RuleSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let index = rules.sampleIndex()
        for (ruleIndex, rule) in rules.rules.enumerated() where rule.regex == nil {
            let samples = rules.sampleTexts(ofRule: ruleIndex, limit: 64, index: index)
            guard !samples.isEmpty else { continue }
            var coveringRules: Set<String>?
            var coveringGuards: Set<String>?
            for sample in samples {
                let analysis = rules.analyze(sample)
                let fired = Set(analysis.patterns.flatMap(\.ruleIDs))
                let others = Set(
                    fired.filter { id in id != rule.id && rules.rules.first { $0.id == id }?.categoryIndex == rule.categoryIndex })
                let guards = Set(analysis.suppressed.filter { $0.ruleID == rule.id }.map(\.guardID))
                coveringRules = coveringRules.map { $0.intersection(others) } ?? others
                coveringGuards = coveringGuards.map { $0.intersection(guards) } ?? guards
            }
            if let guardID = coveringGuards?.sorted().first, let guardRule = rules.guards.first(where: { $0.id == guardID }) {
                diagnostics.append(
                    Diagnostic(.warning, "rule '\(rule.id)' can never fire: guard '\(guardID)' (\(guardRule.location)) suppresses every phrase of it", at: rule.location))
            } else if let otherID = coveringRules?.sorted().first, let other = rules.rules.first(where: { $0.id == otherID }),
                rules.sampleTexts(ofRule: rules.rules.firstIndex { $0.id == otherID } ?? 0, limit: 64, index: index).contains(where: { !samples.contains($0) })
            {
                // Two rules with the very same phrases shadow each other; warn about the narrower one only.
                diagnostics.append(
                    Diagnostic(.warning, "rule '\(rule.id)' never changes the outcome: every phrase of it contains a phrase of rule '\(otherID)' (\(other.location))", at: rule.location))
            }
        }
        return diagnostics
    }

    /// The same message given as an example that must match and as one that must not.
    static func contradictoryExamples(_ rules: RuleSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for category in rules.categories {
            var positive: [String: SourceLocation] = [:]
            for example in category.mustMatch { positive[rules.normalize(example.value).text] = example.location }
            for index in category.ruleIndices {
                for example in rules.rules[index].examples { positive[rules.normalize(example.value).text] = example.location }
            }
            for example in category.mustNotMatch {
                if let other = positive[rules.normalize(example.value).text] {
                    diagnostics.append(
                        Diagnostic(.error, "example \"\(example.value)\" must not match '\(category.id)' but is also given as one that must (\(other))", at: example.location))
                }
            }
        }
        return diagnostics
    }
}

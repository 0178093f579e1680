/// Checks a rule folder the way a compiler checks code: every finding with its file, line and column.
///
/// On top of what ``RuleLoader`` reports (syntax, unknown keys, duplicate ids, bad or
/// catastrophic regexes, unknown sections, placeholders, the safety tier), it looks for rules
/// that cannot matter and examples that contradict each other.
public enum RuleLinter {
    /// All findings for a rule folder, sorted by file and position.
    public static func lint(_ sources: [RuleSource]) -> [Diagnostic] {
        let result = RuleLoader.load(sources)
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

    /// Rules whose every phrase contains a phrase of another rule of the same category (so they
    /// never change the outcome), or a phrase of a guard that always suppresses them.
    static func shadowedRules(_ rules: RuleSet) -> [Diagnostic] {
        var literalsByRule: [Int: [[UInt8]]] = [:]
        var slotted = Set<Int>()
        for phrase in rules.gapPhrases { if case .rule(let rule) = phrase.owner { slotted.insert(rule) } }
        for (index, owner) in rules.owners.enumerated() {
            if case .phrase(let rule) = owner { literalsByRule[rule, default: []].append(rules.literal(index)) }
        }
        var diagnostics: [Diagnostic] = []
        for (ruleIndex, literals) in literalsByRule where !slotted.contains(ruleIndex) && rules.rules[ruleIndex].regex == nil {
            let rule = rules.rules[ruleIndex]
            var coveringRules: Set<Int>?
            var coveringGuards: Set<Int>?
            for literal in literals {
                var ruleHits = Set<Int>()
                var guardHits = Set<Int>()
                rules.automaton.scan(literal) { pattern, start, end in
                    switch rules.owners[pattern] {
                    case .phrase(let other) where other != ruleIndex && rules.rules[other].categoryIndex == rule.categoryIndex:
                        // Only a strictly shorter phrase inside this one shadows it.
                        if end - start < literal.count { ruleHits.insert(other) } else if other < ruleIndex { ruleHits.insert(other) }
                    case .guardPhrase(let guardIndex):
                        let guardRule = rules.guards[guardIndex]
                        let applies = guardRule.categoryIndex == nil || guardRule.categoryIndex == rule.categoryIndex
                        let always = guardRule.scope == .clause || guardRule.scope == .message
                        if applies && always && guardRule.effect == .suppress && rule.categoryIndex != rules.crisisIndex {
                            guardHits.insert(guardIndex)
                        }
                    default:
                        break
                    }
                }
                coveringRules = coveringRules.map { $0.intersection(ruleHits) } ?? ruleHits
                coveringGuards = coveringGuards.map { $0.intersection(guardHits) } ?? guardHits
            }
            if let guardIndex = coveringGuards?.min() {
                let guardRule = rules.guards[guardIndex]
                diagnostics.append(
                    Diagnostic(.warning, "rule '\(rule.id)' can never fire: guard '\(guardRule.id)' (\(guardRule.location)) suppresses every phrase of it", at: rule.location))
            } else if let other = coveringRules?.min() {
                diagnostics.append(
                    Diagnostic(.warning, "rule '\(rule.id)' never changes the outcome: every phrase of it contains a phrase of rule '\(rules.rules[other].id)' (\(rules.rules[other].location))", at: rule.location))
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

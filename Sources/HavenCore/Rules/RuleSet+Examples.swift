/// Running the examples written in rule files.
extension RuleSet {
    /// One example's outcome.
    package struct ExampleResult: Sendable {
        package enum Expectation: String, Sendable {
            /// The category must be detected.
            case match
            /// The category must not be detected.
            case noMatch = "no_match"
            /// This rule must fire.
            case rule
            /// This rule must not fire.
            case ruleNoMatch = "rule_no_match"
            /// `haven check` must mark exactly these categories (a `check_examples` entry).
            case check
        }

        package let categoryID: String
        package let ruleID: String?
        package let expectation: Expectation
        package let example: Located<String>
        /// nil when it passed; otherwise why not, in plain words.
        package let failure: String?
        package var passed: Bool { failure == nil }
    }

    /// Checks every example of every category (or only `categoryIDs`).
    package func checkExamples(categories categoryIDs: Set<String>? = nil) -> [ExampleResult] {
        var results: [ExampleResult] = []
        for category in categories where categoryIDs?.contains(category.id) ?? true {
            for example in category.mustMatch {
                results.append(
                    ExampleResult(
                        categoryID: category.id, ruleID: nil, expectation: .match, example: example,
                        failure: explainMiss(example.value, category: category)))
            }
            for example in category.mustNotMatch {
                let analysis = analyze(example.value, trace: true)
                let failure = analysis.patterns.first { $0.categoryID == category.id }.map { match in
                    "matched anyway, by rule '\(match.evidence.first?.ruleID ?? "?")' on '\(match.evidence.first.map { analysis.text.originalText(of: $0.tokens) } ?? "")'"
                }
                results.append(
                    ExampleResult(
                        categoryID: category.id, ruleID: nil, expectation: .noMatch, example: example, failure: failure)
                )
            }
            for ruleIndex in category.ruleIndices {
                let rule = rules[ruleIndex]
                for example in rule.examples {
                    let analysis = analyze(example.value, trace: true)
                    let fired = analysis.patterns.contains { $0.evidence.contains { $0.ruleID == rule.id } }
                    results.append(
                        ExampleResult(
                            categoryID: category.id, ruleID: rule.id, expectation: .rule, example: example,
                            failure: fired ? nil : explainMiss(example.value, category: category, rule: rule.id)))
                }
                for example in rule.counterExamples {
                    let analysis = analyze(example.value, trace: true)
                    let evidence = analysis.patterns.lazy.flatMap(\.evidence).first { $0.ruleID == rule.id }
                    results.append(
                        ExampleResult(
                            categoryID: category.id, ruleID: rule.id, expectation: .ruleNoMatch, example: example,
                            failure: evidence.map {
                                "rule '\(rule.id)' fired anyway, on '\(analysis.text.originalText(of: $0.tokens))'"
                            }))
                }
            }
        }
        return results
    }

    /// Why a message that should show `category` does not, or nil when it does.
    package func explainMiss(_ message: String, category: Category, rule: String? = nil) -> String? {
        let analysis = analyze(message, trace: true)
        if let match = analysis.patterns.first(where: { $0.categoryID == category.id }) {
            guard let rule else { return nil }
            if match.evidence.contains(where: { $0.ruleID == rule }) { return nil }
            return "rule '\(rule)' did not fire (the category matched through '\(match.evidence.first?.ruleID ?? "?")')"
        }
        let ruleIDs = Set(category.ruleIndices.map { rules[$0].id })
        if let suppression = analysis.suppressed.first(where: { ruleIDs.contains($0.ruleID) }) {
            return
                "rule '\(suppression.ruleID)' was suppressed by guard '\(suppression.guardID)' on '\(analysis.text.originalText(of: suppression.guardTokens))'"
        }
        if let miss = analysis.nearMisses.first(where: { miss in
            category.ruleIndices.contains { rules[$0].id == miss.ruleID }
        }) {
            return "rule '\(miss.ruleID)' nearly matched: \(miss.reason)"
        }
        let others = analysis.patterns.map(\.categoryID)
        return others.isEmpty
            ? "no rule matched (normalised text: '\(analysis.text.text)')"
            : "no rule of '\(category.id)' matched; found \(others.joined(separator: ", ")) instead (normalised text: '\(analysis.text.text)')"
    }
}

extension RuleSet {
    /// The crisis examples of `live` that `live` catches and these rules do not.
    ///
    /// A server refuses a reload that would lose one: an edit (or a half-saved file) must never
    /// narrow the safety tier of rules already answering people. Dropping a crisis example on
    /// purpose takes a restart, where only the new files' own examples are checked.
    package func lostCrisisExamples(from live: RuleSet) -> [Located<String>] {
        guard let liveCrisis = live.categories.first(where: { $0.id == RuleSet.crisisID }) else { return [] }
        let examples = liveCrisis.mustMatch + liveCrisis.ruleIndices.flatMap { live.rules[$0].examples }
        return examples.filter { live.catchesCrisis($0.value) && !catchesCrisis($0.value) }
    }

    private func catchesCrisis(_ message: String) -> Bool {
        analyze(message).patterns.contains { $0.categoryID == RuleSet.crisisID }
    }
}

/// Rules that cannot matter: every phrase of them, read as a message, also fires another rule of
/// the same category (so the rule never changes the outcome), or is switched off by a guard.
enum ShadowedRuleCheck: LintCheck {
    static func check(_ rules: RuleSet) -> [Diagnostic] {
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
                    fired.filter { id in
                        id != rule.id && rules.rules.first { $0.id == id }?.categoryIndex == rule.categoryIndex
                    })
                let guards = Set(analysis.suppressed.filter { $0.ruleID == rule.id }.map(\.guardID))
                coveringRules = coveringRules.map { $0.intersection(others) } ?? others
                coveringGuards = coveringGuards.map { $0.intersection(guards) } ?? guards
            }
            if let guardID = coveringGuards?.sorted().first,
                let guardRule = rules.guards.first(where: { $0.id == guardID })
            {
                diagnostics.append(suppressed(rule.id, by: guardID, at: guardRule.location, rule.location))
            } else if let otherID = coveringRules?.sorted().first,
                let other = rules.rules.first(where: { $0.id == otherID }),
                rules.sampleTexts(ofRule: rules.rules.firstIndex { $0.id == otherID } ?? 0, limit: 64, index: index)
                    .contains(where: { !samples.contains($0) })
            {
                // Two rules with the very same phrases shadow each other; warn about the narrower one only.
                diagnostics.append(shadowed(rule.id, by: otherID, at: other.location, rule.location))
            }
        }
        return diagnostics
    }

    // MARK: - Messages

    static func shadowed(_ rule: String, by other: String, at otherLocation: SourceLocation, _ location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .warning, .ruleShadowed,
            "rule '\(rule)' never changes the outcome: every phrase of it contains a phrase of rule '\(other)' (\(otherLocation))",
            at: location)
    }

    static func suppressed(
        _ rule: String, by guardID: String, at guardLocation: SourceLocation, _ location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .warning, .ruleSuppressed,
            "rule '\(rule)' can never fire: guard '\(guardID)' (\(guardLocation)) suppresses every phrase of it",
            at: location)
    }

    static let pages = [
        FindingPage(
            .ruleShadowed, .warning, summary: "a rule never changes the outcome",
            meaning:
                "Every phrase of this rule contains a phrase of another rule of the same category, so whenever it fires the other one fires too, and the category wins either way. The rule only adds work and makes the folder harder to read.",
            example:
                "- id: criticism.never\n  phrases: [\"you never listen\"]\n- id: criticism.never-listen-to-me\n  phrases: [\"you never listen to me\"]",
            fix:
                "Remove the narrower rule, or move its examples to the wider one. If it is there on purpose (it will get its own prompt or weight later), put '# haven-lint-ignore: rule-shadowed' on the line above its '- id:'."
        ),
        FindingPage(
            .ruleSuppressed, .warning, summary: "a guard switches a rule off every time it could fire",
            meaning:
                "Every phrase of the rule, read as a message, is also matched by a guard that suppresses the rule, so the rule can never fire.",
            example:
                "rules:\n  - id: criticism.never\n    phrases: [\"never listens\"]\nguards:\n  - id: criticism.kidding\n    phrases: [\"never listens\"]\n    scope: clause",
            fix:
                "Narrow the guard so it needs words the rule's phrases do not have (\"just kidding\"), or remove the rule."
        ),
    ]
}

extension DiagnosticCode {
    static let ruleShadowed: DiagnosticCode = "rule-shadowed"
    static let ruleSuppressed: DiagnosticCode = "rule-suppressed"
}

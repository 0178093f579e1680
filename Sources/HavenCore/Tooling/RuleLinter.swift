/// Checks a rule folder the way a compiler checks code: every finding with its file, line,
/// column and code.
///
/// On top of what ``RuleLoader`` reports (syntax, unknown keys, duplicate ids, bad or
/// catastrophic regexes, unknown sections, placeholders, the safety tier), it runs the
/// ``checks`` (rules that cannot matter, examples that contradict each other), then applies the
/// `# haven-lint-ignore:` comments of the files.
package enum RuleLinter {
    /// The checks run on a rule set that loaded, each in its own file under `Lint/`.
    static let checks: [any LintCheck.Type] = [
        ShadowedRuleCheck.self, ContradictoryExampleCheck.self, UncheckedCategoryCheck.self,
    ]

    /// All findings for a rule folder, sorted by file and position.
    package static func lint(_ sources: [RuleSource]) -> [Diagnostic] {
        lint(RuleLoader.load(sources), sources: sources)
    }

    /// All findings for rules already loaded from `sources` (so a caller that also wants the set
    /// compiles once).
    package static func lint(_ result: RuleLoadResult, sources: [RuleSource]) -> [Diagnostic] {
        var diagnostics = result.diagnostics
        if let rules = result.ruleSet {
            for check in checks { diagnostics += check.check(rules) }
        }
        diagnostics = IgnoreComments.apply(
            to: diagnostics, sources: sources, known: FindingCatalog.codes, reportUnused: result.ruleSet != nil)
        return diagnostics.sorted { lhs, rhs in
            let left = lhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
            let right = rhs.location.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0)
            return left < right
        }
    }

    /// The closing line: "2 errors, 1 warning in 14 files".
    package static func summary(_ diagnostics: [Diagnostic], files: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }
}

/// One check `haven rules lint` runs on a rule set that loaded, on top of what the loader reports.
///
/// Each check lives in its own file with its codes, its messages and its ``FindingPage``s beside
/// it (as swift-format keeps one rule per file), and is listed in ``RuleLinter/checks``.
protocol LintCheck: Sendable {
    /// The pages of the codes the check reports.
    static var pages: [FindingPage] { get }

    /// The check's findings on `rules`.
    static func check(_ rules: RuleSet) -> [Diagnostic]
}

import HavenCoreTesting
import Testing

@testable import HavenCore

/// Rule regexes only ever see a bounded span, so no regex can stall a reply on a long message.
struct RegexSpanTests {
    /// Polynomial for a backtracking engine on a long clause, and not caught by the linter's shape checks.
    static let files = [
        "criticism.yaml": #"""
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.lazy
            regex: "(?<who>\\w*)\\s*\\w*\\s*lazy\\s*\\w*\\s*again"
            anchor: [lazy]
        prompts:
          - text: It sounds like {who} feels that way.
            section: listen
        """#
    ]

    @Test func scansAtMostOneSpanPerRuleAndClause() throws {
        let rules = try TestRules.ruleSet(Self.files)
        let message = String(repeating: "so lazy ", count: 12_800)  // 100 KB, one clause, no match
        let analysis = rules.analyze(message)
        #expect(analysis.patterns.isEmpty)
        #expect(analysis.regexBytesScanned <= RuleSet.regexSpan)
        #expect(analysis.regexBytesScanned > 0)
    }

    @Test func scansEachClauseOnceAndStillFindsMatches() throws {
        let rules = try TestRules.ruleSet(Self.files)
        let message = String(repeating: "so lazy. ", count: 11_000) + "he is lazy again"
        let analysis = rules.analyze(message)
        let clauses = analysis.text.clauseCount
        #expect(analysis.regexBytesScanned <= clauses * 20)
        #expect(analysis.top?.categoryID == "criticism")
    }
}

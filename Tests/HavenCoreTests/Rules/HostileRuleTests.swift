import Foundation
import HavenCore
import HavenCoreTesting
import Testing

/// Rule files written to break Haven (groups nested thousands deep, sets that multiply each
/// other): each gets an error at its place, never a crash, a hang or gigabytes of memory.
struct HostileRuleTests {
    /// A category whose one rule is `rule` (line 6; a phrase list's first text is at column 16).
    static func category(_ rule: String) -> String {
        """
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.never
        \(rule)
        prompts:
          - text: It sounds like {clause}.
            section: listen
        """
    }

    /// The base lexicon plus seventy words, `pair` (every two of them: 4,900 variants) and `extra` sets.
    static func lexicon(_ extra: String = "") -> String {
        let words = (0..<70).map { "w\($0)" }.joined(separator: ", ")
        return TestRules.baseFiles["lexicon.yaml"]!.replacingOccurrences(
            of: "sets:\n", with: "sets:\n  words: [\(words)]\n  pair: [&pair \"{words} {words}\"]\n\(extra)")
    }

    func errors(_ files: [String: String], limits: RuleLimits = .standard) -> [String] {
        TestRules.load(files, limits: limits).diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    // MARK: - Nesting

    @Test(arguments: [("(", ")"), ("[", "]")])
    func refusesAPhraseNestedFiftyThousandDeep(open: String, close: String) {
        let phrase = String(repeating: open, count: 50_000) + "you" + String(repeating: close, count: 50_000)
        let excerpt = String(repeating: open, count: 60) + "…"
        #expect(
            errors(["criticism.yaml": Self.category("    phrases: ['\(phrase)']")]) == [
                "criticism.yaml:6:16: error: phrase nests ( ) and [ ] more than 32 deep: '\(excerpt)' [limit-exceeded]"
            ])
    }

    @Test func refusesARegexNestedTwentyThousandDeep() {
        let regex = String(repeating: "(?:", count: 20_000) + "you" + String(repeating: ")", count: 20_000)
        let excerpt = String(repeating: "(?:", count: 20) + "…"
        // The column is that of the 33rd group: the regex starts at column 13.
        #expect(
            errors(["criticism.yaml": Self.category("    regex: '\(regex)'")]) == [
                "criticism.yaml:6:109: error: regex does not compile: groups and quantifiers nest more than 32 deep in '\(excerpt)' [regex-syntax]"
            ])
    }

    @Test func refusesQuantifiersStackedTwentyThousandDeep() {
        let regex = "you" + String(repeating: "{1}", count: 20_000)
        #expect(
            errors(["criticism.yaml": Self.category("    regex: '\(regex)'")]).first?.hasPrefix(
                "criticism.yaml:6:112: error: regex does not compile: groups and quantifiers nest more than 32 deep in 'you{1}{1}"
            ) == true)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let phrase = String(repeating: "(", count: 32) + "you never listen" + String(repeating: ")", count: 32)
        let regex = String(repeating: "(?:", count: 31) + "you always" + String(repeating: ")", count: 31)
        let rules = try TestRules.ruleSet([
            "criticism.yaml": Self.category(
                "    phrases: ['\(phrase)']\n  - id: criticism.always\n    regex: '\(regex)'")
        ])
        #expect(rules.analyze("you never listen").top?.categoryID == "criticism")
        #expect(rules.analyze("you always do that").top?.categoryID == "criticism")
    }

    /// libyaml refuses past 1,000 levels, flow (`[[[…`) or block (indented `-`) alike.
    @Test func refusesYAMLNestedFiftyThousandDeep() {
        let flow =
            "version: 1\ncategory: criticism\ntitle: Criticism\nrules: " + String(repeating: "[", count: 50_000)
            + String(repeating: "]", count: 50_000) + "\n"
        #expect(
            errors(["criticism.yaml": flow]) == [
                "criticism.yaml:4:9: error: YAML syntax error: lists and mappings nest more than 1000 deep [yaml-syntax]"
            ])
    }

    // MARK: - Expansion

    /// YAML aliases repeat a member for a few bytes each; their variants add up across members.
    @Test func countsSetMembersIntoTheVariantLimit() {
        let aliases =
            "  twice: [*pair, *pair]\n  bomb: [" + Array(repeating: "'{twice}'", count: 200).joined(separator: ", ")
            + "]\n"
        let lexicon = Self.lexicon(aliases)
        #expect(
            errors(["lexicon.yaml": lexicon, "criticism.yaml": Self.category("    phrases: [\"you {twice}\"]")]) == [
                "criticism.yaml:6:16: error: set '{twice}' expands to more than 5000 variants in phrase 'you {twice}'; split it into smaller sets [limit-exceeded]"
            ])
        #expect(
            errors(["lexicon.yaml": lexicon, "criticism.yaml": Self.category("    phrases: [\"{bomb}\"]")]) == [
                "criticism.yaml:6:16: error: set '{twice}' expands to more than 5000 variants in phrase '{bomb}'; split it into smaller sets [limit-exceeded]"
            ])
    }

    @Test func capsTheLiteralsOfOneRule() {
        let phrases = ["a", "b", "c", "d", "e"].map { "\"{pair} \($0)\"" }.joined(separator: ", ")
        #expect(
            errors(["lexicon.yaml": Self.lexicon(), "criticism.yaml": Self.category("    phrases: [\(phrases)]")]) == [
                "criticism.yaml:6:64: error: rule 'criticism.never' expands to more than 20000 literals at phrase '{pair} e'; write fewer or narrower phrases [limit-exceeded]"
            ])
    }

    @Test func capsTheLiteralsOfTheRuleSet() {
        var limits = RuleLimits.standard
        limits.literals = 3_000
        #expect(
            errors(
                [
                    "lexicon.yaml": Self.lexicon(),
                    "criticism.yaml": Self.category("    phrases: [\"you never\", \"{pair} again\"]"),
                ], limits: limits) == [
                    "criticism.yaml:6:29: error: the rule set expands to more than 3000 literals at phrase '{pair} again'; write fewer or narrower phrases [limit-exceeded]"
                ])
    }
}

import Foundation
import HavenCore
import HavenCoreTesting
import Testing

struct RuleLoaderTests {
    static let goodCategory = """
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.never
            phrases: ["{partner} never (listen|listens)"]
        prompts:
          - text: It sounds like {clause}.
            section: listen
        """

    func diagnostics(_ files: [String: String]) -> [String] {
        TestRules.load(files).diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func loadsAValidRuleSet() throws {
        let rules = try TestRules.ruleSet(["criticism.yaml": Self.goodCategory])
        #expect(rules.categories.map(\.id).sorted() == ["crisis", "criticism"])
        #expect(rules.analyze("my husband never listens").top?.categoryID == "criticism")
    }

    @Test func reportsYAMLSyntaxErrorsWithLineAndColumn() {
        let broken = "version: 1\ncategory: x\nrules: [\n  - id: a\n"
        let errors = diagnostics(["broken.yaml": broken])
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("broken.yaml:") == true)
        #expect(errors.first?.contains("error: YAML syntax error") == true)
    }

    @Test func reportsUnknownKeysWithASuggestion() {
        let text = Self.goodCategory.replacingOccurrences(of: "    phrases:", with: "    phrase:")
        #expect(
            diagnostics(["criticism.yaml": text]) == [
                "criticism.yaml:6:5: error: unknown key 'phrase' in a rule (did you mean 'phrases'?) [unknown-key]",
                "criticism.yaml:5:5: error: rule 'criticism.never' needs 'phrases' or 'regex' [rule-without-phrases]",
            ])
    }

    @Test func reportsMissingKeysDuplicateIdsAndUnknownSections() {
        let text =
            Self.goodCategory
            + "\n  - text: Again\n    section: listn\n"
        let duplicate = Self.goodCategory.replacingOccurrences(of: "category: criticism", with: "category: other")
        #expect(
            diagnostics(["criticism.yaml": text, "other.yaml": duplicate]) == [
                "criticism.yaml:11:14: error: unknown section 'listn' (did you mean 'listen'?) [unknown-section]",
                "other.yaml:5:9: error: duplicate rule id 'criticism.never' (first defined at criticism.yaml:5:9) [duplicate-id]",
            ])
        let missing = "version: 1\ncategory: x\nprompts: []\n"
        #expect(
            diagnostics(["x.yaml": missing]) == [
                "x.yaml:1:1: error: a category file is missing the required key 'title' [missing-key]",
                "x.yaml:1:1: error: a category file is missing the required key 'rules' [missing-key]",
                "x.yaml:1:1: error: category 'x' has no prompts [no-prompts]",
            ])
    }

    @Test func reportsBadRegexesAtTheirColumn() {
        let text = Self.goodCategory.replacingOccurrences(
            of: "    phrases: [\"{partner} never (listen|listens)\"]", with: "    regex: 'you (never|always'")
        #expect(
            diagnostics(["criticism.yaml": text]) == [
                "criticism.yaml:6:17: error: regex does not compile: missing ')' in 'you (never|always' [regex-syntax]"
            ])
        let catastrophic = Self.goodCategory.replacingOccurrences(
            of: "    phrases: [\"{partner} never (listen|listens)\"]", with: "    regex: 'you (\\\\w+\\\\s?)+ listen'")
        #expect(
            diagnostics(["criticism.yaml": catastrophic]).first?.contains("regex can backtrack catastrophically")
                == true)
        let unanchored = Self.goodCategory.replacingOccurrences(
            of: "    phrases: [\"{partner} never (listen|listens)\"]", with: "    regex: '\\\\w+ \\\\w+'")
        #expect(
            diagnostics(["criticism.yaml": unanchored]).first?.contains("no literal the prefilter can anchor on")
                == true)
    }

    @Test func reportsPlaceholdersThatNameNoCapture() {
        let text = Self.goodCategory.replacingOccurrences(
            of: "It sounds like {clause}.", with: "It sounds like {claus}.")
        #expect(
            diagnostics(["criticism.yaml": text]) == [
                "criticism.yaml:8:11: error: placeholder '{claus}' names no capture (did you mean 'clause'?) [unknown-placeholder]"
            ])
    }

    @Test func refusesARuleSetWithoutTheSafetyTier() {
        var files = ["criticism.yaml": Self.goodCategory]
        files["crisis.yaml"] = Self.goodCategory.replacingOccurrences(of: "criticism", with: "other")
        #expect(
            diagnostics(files).contains(
                "error: there is no 'crisis' category: the safety tier must always be present [safety-tier]"))
    }

    /// The protected tier must never be emptied: an empty crisis file would let "I want to kill
    /// myself" through to a reflective question.
    @Test func refusesACrisisTierWithoutRulesOrMatchExamples() {
        let empty = "version: 1\ncategory: crisis\ntitle: Crisis\nrules: []\n"
        #expect(
            diagnostics(["crisis.yaml": empty]) == [
                "crisis.yaml:4:8: error: safety tier: 'crisis' has no rules, so no message would get the safety response [safety-tier]",
                "crisis.yaml:1:1: error: safety tier: 'crisis' has no 'match' examples, so nothing checks that it catches danger [safety-tier]",
            ])
        let unchecked = TestRules.baseFiles["crisis.yaml"]!.replacingOccurrences(
            of: "examples:\n  match: [\"I want to kill myself\"]", with: "examples:\n  no_match: [\"a quiet day\"]")
        #expect(
            diagnostics(["crisis.yaml": unchecked]) == [
                "crisis.yaml:11:3: error: safety tier: 'crisis' has no 'match' examples, so nothing checks that it catches danger [safety-tier]"
            ])
    }
}

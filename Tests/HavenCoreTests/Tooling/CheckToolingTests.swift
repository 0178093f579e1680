import HavenCore
import HavenCoreTesting
import Testing

/// `rules lint` checks antidote templates like prompts; `rules test` runs `check_examples`.
struct CheckToolingTests {
    static func category(antidotes: String, checkExamples: String = "") -> [String: String] {
        [
            "cold.yaml": """
            version: 1
            category: criticism
            title: Criticism
            rules:
              - id: criticism.never
                note: A blanket charge.
                phrases: ["{partner} never (helps|help)"]
                regex: '(?:you|he) never (?<chore>cooks|cook)\\b'
                anchor: [never cook, never cooks]
            prompts:
              - text: Tell me more.
                section: listen
            \(antidotes)
            \(checkExamples)
            """
        ]
    }

    @Test func lintReportsAntidotePlaceholdersAndSectionsAtTheirPlace() {
        let result = TestRules.load(
            Self.category(
                antidotes: """
                    antidotes:
                      - text: 'I feel ___ about {topik}.'
                        section: listen
                      - text: 'I feel ___ when {chore} is left.'
                        section: lisen
                    """))
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages.contains(
                "cold.yaml:14:12: error: placeholder '{topik}' names no capture (did you mean 'topic'?) [unknown-placeholder]"
            ), "\(messages)")
        #expect(
            messages.contains(
                "cold.yaml:17:14: error: unknown section 'lisen' (did you mean 'listen'?) [unknown-section]"),
            "\(messages)")
        #expect(!messages.contains { $0.contains("{chore}") })
        #expect(result.ruleSet == nil)
    }

    @Test func rulesTestRunsCheckExamplesAndTheirVariants() throws {
        let rules = try TestRules.ruleSet(
            Self.category(
                antidotes: """
                    antidotes:
                      - text: 'Instead of "{match}": "I feel ___, and I need ___."'
                        section: listen
                    """,
                checkExamples: """
                    check_examples:
                      - text: you never help with the shopping
                        marks: [criticism]
                      - text: thank you for the shopping
                        marks: [criticism]
                      - text: thank you for the flowers
                        marks: []
                    """))
        let report = ExampleReport.run(rules)
        let checks = report.checks.filter { $0.expectation == .check }
        #expect(
            checks.filter { $0.variant == nil }.map(\.text) == [
                "you never help with the shopping", "thank you for the shopping", "thank you for the flowers",
            ])
        #expect(
            checks.contains { $0.variant == "all caps" && $0.text == "YOU NEVER HELP WITH THE SHOPPING" && $0.passed })
        let failed = report.failures.filter { $0.expectation == .check && $0.variant == nil }
        #expect(failed.map(\.text) == ["thank you for the shopping"])
        #expect(failed.first?.failure == "check marked nothing; expected criticism")
    }

    @Test func aMarkedPassageWithoutAnAntidoteFails() throws {
        let rules = try TestRules.ruleSet(
            Self.category(
                antidotes: """
                    antidotes:
                      - text: 'I feel ___ about {topic}.'
                        section: listen
                    """,
                checkExamples: """
                    check_examples:
                      - text: you never help
                        marks: [criticism]
                    """))
        let failed = ExampleReport.run(rules).failures.filter { $0.expectation == .check && $0.variant == nil }
        #expect(failed.first?.failure == "no antidote fits the criticism passage 'you never help'")
    }

    /// The antidote speaks to the other person: "his mess" in the draft is "your mess" in it.
    @Test func theTopicTurnsTheOtherPersonToYou() throws {
        let rules = try TestRules.ruleSet(
            Self.category(
                antidotes: """
                    antidotes:
                      - text: 'I feel ___ about {topic}.'
                        section: listen
                    """))
        #expect(rules.check("he never helps with his mess").marked.first?.antidote == "I feel ___ about your mess.")
        #expect(
            rules.check("you never help with the dishes, ok").marked.first?.antidote == "I feel ___ about the dishes.")
        #expect(rules.check("YOU NEVER HELP WITH THE DISHES").marked.first?.antidote == "I feel ___ about the dishes.")
    }
}

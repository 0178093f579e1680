import HavenCoreTesting
import Testing

@testable import HavenCore

/// The real matcher against ``ReferenceAnalyzer``: the same `jsonl` line (patterns, scores,
/// evidence and its offsets, lowered-by guards, and so the reply) for every message.
struct ReferenceAgreementTests {
    /// The shipped rules, loaded once for the engine and the reference.
    static let reference = Result { try ReferenceAnalyzer(sources: TestRules.shippedSources()) }

    /// Every example of the shipped rules, and every variant `rules test` makes of the match and rule examples.
    static func shippedExamples(_ rules: RuleSet) -> [String] {
        var messages: [String] = []
        for category in rules.categories {
            let mustMatch =
                category.mustMatch.map(\.value) + category.ruleIndices.flatMap { rules.rules[$0].examples.map(\.value) }
            for example in mustMatch { messages += [example] + ExampleVariants.of(example).map(\.text) }
            messages += category.mustNotMatch.map(\.value)
        }
        return messages
    }

    /// The messages on which the engine and the reference write different lines, as a readable report.
    static func disagreements(_ reference: ReferenceAnalyzer, _ messages: [String], limit: Int = 5) -> String? {
        let engine = messages.map { message in
            let analysis = reference.rules.analyze(message)
            var out: [UInt8] = []
            ReflectionRecord.jsonLine(
                analysis, reference.rules.reply(to: analysis), stances: reference.rules.stances(of: analysis),
                into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        var report = GoldenCorpus.differences(
            messages: messages, expected: messages.map(reference.jsonLine), actual: engine, limit: limit
        )
        .map { "reference (expected) and engine (actual) disagree: " + $0 }
        let mismatches = messages.flatMap { message in
            reference.expansionMismatches(message).map { "\(message): \($0)" }
        }
        if !mismatches.isEmpty {
            report =
                (report.map { $0 + "\n" } ?? "") + "\(mismatches.count) phrase expansion mismatches; the first:\n"
                + mismatches.prefix(limit).joined(separator: "\n")
        }
        return report
    }

    @Test func agreesOnEveryShippedExampleAndVariant() throws {
        let reference = try Self.reference.get()
        let messages = Self.shippedExamples(reference.rules)
        #expect(messages.count > 1_000)
        if let report = Self.disagreements(reference, messages) { Issue.record(Comment(rawValue: report)) }
    }

    @Test func agreesOnTheGoldenCorpus() throws {
        let reference = try Self.reference.get()
        let messages = try GoldenCorpus.messages()
        #expect(messages.count >= 2_000)
        if let report = Self.disagreements(reference, messages) { Issue.record(Comment(rawValue: report)) }
    }
}

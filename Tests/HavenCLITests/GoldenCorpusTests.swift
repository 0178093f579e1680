import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// The built `haven reflect` over the golden corpus writes exactly `Tests/Golden/expected.jsonl`.
///
/// When a rule edit changes the output on purpose, `scripts/golden` rewrites the expected file
/// and the change shows in review as its diff.
struct GoldenCorpusTests {
    @Test func reflectWritesTheExpectedLines() throws {
        let messages = try GoldenCorpus.messages()
        #expect(messages.count >= 2_000)
        let input = try Data(contentsOf: URL(fileURLWithPath: GoldenCorpus.messagesPath))
        let result = try HavenBinary.run(
            ["reflect", "--rules", TestRules.promptsPath, "--each-line", "--format", "jsonl"], data: input, timeout: 300
        )
        #expect(result.status == 0, "\(result.stderrText)")
        var actual = result.stdoutText.components(separatedBy: "\n")
        if actual.last == "" { actual.removeLast() }
        if let report = GoldenCorpus.differences(
            messages: messages, expected: try GoldenCorpus.expected(), actual: actual)
        {
            Issue.record(
                Comment(rawValue: report + "\nIf the rules changed on purpose, run scripts/golden and review the diff.")
            )
        }
    }
}

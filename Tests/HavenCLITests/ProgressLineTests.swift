import Foundation
import HavenServerTesting
import Testing

/// Long runs show a progress line on standard error when it is a terminal (a real
/// pseudo-terminal here), and not one byte of it when standard error is a pipe.
struct ProgressLineTests {
    /// A command over the report fixture's files, and the words its progress line starts with.
    struct Run: Sendable, CustomStringConvertible {
        let name: String
        let arguments: @Sendable (RulesReportCommandTests.Files) -> [String]
        let stdinFromCorpus: Bool
        let expected: [String]
        var description: String { name }
    }

    static let runs: [Run] = [
        Run(
            name: "rules eval", arguments: { ["rules", "eval", "--rules", $0.rules, $0.labels] },
            stdinFromCorpus: false,
            expected: ["evaluating 8/8 messages (100%)"]),
        Run(
            name: "rules impact",
            arguments: { ["rules", "impact", "--rules", $0.rules, "--against", $0.old, $0.corpus] },
            stdinFromCorpus: false,
            expected: ["measuring 6/6 messages (100%)"]),
        Run(
            name: "rules report",
            arguments: {
                [
                    "rules", "report", "--rules", $0.rules, "--against", $0.old, "--labels", $0.labels, "--corpus",
                    $0.corpus, "-o", $0.output,
                ]
            }, stdinFromCorpus: false,
            expected: [
                "evaluating 8/8 messages (100%)", "comparing 6/6 messages (100%)", "phrases 6/6 messages (100%)",
            ]),
        Run(
            name: "reflect --each-line", arguments: { ["reflect", "--each-line", "--rules", $0.rules] },
            stdinFromCorpus: true,
            expected: ["reflecting 6 messages (100%)"]),
    ]

    @Test(arguments: runs)
    func aTerminalGetsALineRedrawnInPlace(run: Run) throws {
        let files = try RulesReportCommandTests.files()
        let terminal = try PseudoTerminal()
        let result = try HavenBinary.run(
            run.arguments(files), stdinPath: run.stdinFromCorpus ? files.corpus : nil, stderrPath: terminal.path)
        let written = String(decoding: terminal.close(), as: UTF8.self)
        #expect(result.status == 0)
        for line in run.expected { #expect(written.contains("\r\u{1B}[K" + line), "\(written.debugDescription)") }
        #expect(written.contains("msg/s"))
        // Erased at the end, so the terminal is left clean; counts only, never message text.
        #expect(written.hasSuffix("\r\u{1B}[K"))
        #expect(!written.contains("never listen"))
    }

    @Test(arguments: runs)
    func aPipeGetsNothing(run: Run) throws {
        let files = try RulesReportCommandTests.files()
        let result: ChildProcess.Result =
            run.stdinFromCorpus
            ? try HavenBinary.run(run.arguments(files), stdinPath: files.corpus)
            : try HavenBinary.run(run.arguments(files))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderrText.debugDescription)")
    }
}

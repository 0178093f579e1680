import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// The shipped rules keep crisis recall on the labelled development set of real messages at
/// or above a floor, so that a later edit cannot quietly lose what the rule work gained.
///
/// The set lives beside the checkout (`../shared/eval`), never in it: `join.py` joins its
/// labels with the corpus text into a temporary folder, which is removed after the run. The
/// report is run with `--misses 0`, so no message text reaches the test output.
struct ShippedRulesCrisisRecallTests {
    /// The lowest crisis recall the shipped `Prompts/` may have on the development set.
    /// The lead raises it to the level the rule work reaches.
    static let minimumCrisisRecall = 0.95

    static let evalFolder = TestRules.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/eval")
    static let devLabels = evalFolder.appendingPathComponent("dev-labels.tsv").path
    static let joinScript = evalFolder.appendingPathComponent("join.py").path
    static var devSetIsBesideTheCheckout: Bool {
        FileManager.default.fileExists(atPath: devLabels) && FileManager.default.fileExists(atPath: joinScript)
    }

    @Test(
        .enabled(
            if: devSetIsBesideTheCheckout,
            "skipped: ../shared/eval/dev-labels.tsv and join.py are not beside the checkout"))
    func keepsCrisisRecallOnTheDevelopmentSet() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-dev-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let joined = try ChildProcess.run("/usr/bin/env", ["python3", Self.joinScript, Self.devLabels])
        try #require(joined.status == 0, "join.py failed: \(joined.stderrText)")
        let labels = folder.appendingPathComponent("dev.tsv")
        try joined.stdout.write(to: labels)

        let result = try HavenBinary.run([
            "rules", "eval", "--rules", TestRules.promptsPath, "--misses", "0",
            "--min-crisis-recall", "\(Self.minimumCrisisRecall)", labels.path,
        ])
        let summary = result.stdoutText.split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(result.status == 0, "\(summary)\n\(result.stderrText)")
        #expect(summary.contains("crisis (safety tier): recall "), "\(result.stderrText)")
    }
}

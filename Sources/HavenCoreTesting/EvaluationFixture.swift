import Foundation

/// A small rule set and labelled messages, in the tests' own words, for measuring the rules
/// with `haven rules eval` (unit tests of the metric and end-to-end tests of the command).
///
/// Beside the base crisis category it has `criticism` (priority 60) and `withdrawal`
/// (priority 40): when both fire with one rule each, their scores tie and criticism ranks
/// first, which the expected figures rely on.
public enum EvaluationFixture {
    /// Category files to add to ``TestRules/baseFiles``.
    public static let ruleFiles: [String: String] = [
        "criticism.yaml": """
        version: 1
        category: criticism
        title: Criticism
        priority: 60
        rules:
          - id: criticism.never
            phrases: ["{partner} never (listen|listens)"]
          - id: criticism.always
            phrases: ["{partner} always (forget|forgets)"]
        prompts:
          - text: It sounds like {clause}.
            section: listen
        examples:
          match: ["you never listen"]
        """,
        "withdrawal.yaml": """
        version: 1
        category: withdrawal
        title: Withdrawal
        priority: 40
        rules:
          - id: withdrawal.silent
            phrases: ["silent treatment", "(walks|walked) out"]
        prompts:
          - text: What happens when the talking stops?
            section: listen
        examples:
          match: ["he walked out"]
        """,
    ]

    /// Seven labelled messages with comments and a blank line; what the fixture rules make of them:
    ///
    /// | line | labels | detected (strongest first) |
    /// | --- | --- | --- |
    /// | 3 | criticism | criticism |
    /// | 4 | criticism, withdrawal | criticism, withdrawal |
    /// | 5 | withdrawal | criticism, withdrawal (a false criticism, and top-1 wrong) |
    /// | 7 | crisis | crisis |
    /// | 8 | crisis | nothing (a missed crisis) |
    /// | 9 | none | nothing |
    /// | 10 | none | criticism (a false alarm) |
    ///
    /// So: criticism TP 2, FP 2, FN 0; withdrawal TP 2, FP 0, FN 0; crisis TP 1, FP 0, FN 1;
    /// macro-F1 (2/3 + 1 + 2/3) / 3; top-1 4 of 7.
    public static let labels = """
        # labels<TAB>message; my own test messages
        # criticism
        criticism\tyou never listen to me
        criticism,withdrawal\the never listens and then he walks out
        withdrawal\tshe gave me the silent treatment, she never listens

        crisis\tlast night he hit me again
        crisis\tI was beaten up by him
        none\tthe weather is nice today
        none\tmy husband always forgets the milk

        """

    /// Writes `text` to a new temporary file and returns its path.
    public static func write(_ text: String, name: String = "labels.tsv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

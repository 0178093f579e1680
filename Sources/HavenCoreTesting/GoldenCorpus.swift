public import Foundation

/// The golden corpus in `Tests/Golden`: messages written for the repository and the
/// `haven reflect --each-line --format jsonl` output expected for them (`scripts/golden` rewrites it).
public enum GoldenCorpus {
    public static var folder: URL { TestRules.repositoryRoot.appendingPathComponent("Tests/Golden") }
    public static var messagesPath: String { folder.appendingPathComponent("messages.txt").path }
    public static var expectedPath: String { folder.appendingPathComponent("expected.jsonl").path }

    /// The messages, one per line.
    public static func messages() throws -> [String] {
        try lines(of: messagesPath)
    }

    /// The expected JSON lines, one per message.
    public static func expected() throws -> [String] {
        try lines(of: expectedPath)
    }

    static func lines(of path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The first `limit` lines where `actual` differs from `expected`, each with its line number,
    /// the message and both lines, or nil when they agree; says how many differ in all.
    public static func differences(messages: [String], expected: [String], actual: [String], limit: Int = 5) -> String?
    {
        var report: [String] = []
        var count = 0
        if expected.count != actual.count {
            report.append("expected \(expected.count) lines, got \(actual.count)")
        }
        for index in 0..<max(expected.count, actual.count) {
            let want = index < expected.count ? expected[index] : "(no line)"
            let got = index < actual.count ? actual[index] : "(no line)"
            guard want != got else { continue }
            count += 1
            guard count <= limit else { continue }
            let message = index < messages.count ? messages[index] : "(no message)"
            report.append("line \(index + 1): \(message)\n  expected: \(want)\n  actual:   \(got)")
        }
        guard count > 0 || !report.isEmpty else { return nil }
        return "\(count) of \(max(expected.count, actual.count)) lines differ; the first:\n"
            + report.joined(separator: "\n")
    }
}

import Foundation
public import HavenCore

/// Rule text for lint tests, with the findings it should get written into the text itself rather
/// than as line numbers (as swift-format's `FindingSpec` marks its test sources), so a test stays
/// right when a line is added above.
///
/// Two markers:
/// - a line whose first non-blank character is `^` marks the line above it: a finding at the
///   `^`'s column with each code after it (`    ^ rule-shadowed`). Marker lines are removed
///   from ``text``, so they never reach the YAML reader.
/// - `# <- CODE` at the end of a line (a YAML comment, left in the text) marks that line, at
///   whatever column.
public struct MarkedRuleText: Sendable {
    /// The rule text without the `^` marker lines.
    public let text: String
    /// The findings the markers ask for, sorted: `"7:5 rule-shadowed"`, or `"7 rule-shadowed"`
    /// for a `# <-` marker.
    public let expected: [String]

    public init(_ marked: String) {
        var lines: [Substring] = []
        var expected: [String] = []
        for line in marked.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.drop { $0 == " " }
            if content.hasPrefix("^"), !lines.isEmpty {
                let column = line.count - content.count + 1
                for code in content.dropFirst().split(separator: " ") {
                    expected.append("\(lines.count):\(column) \(code)")
                }
                continue
            }
            lines.append(line)
            if let arrow = line.range(of: "# <- ") {
                for code in line[arrow.upperBound...].split(separator: " ") {
                    expected.append("\(lines.count) \(code)")
                }
            }
        }
        text = lines.joined(separator: "\n")
        self.expected = expected.sorted()
    }

    /// The findings in `diagnostics` about `file` (a path ending in it), written as ``expected`` writes them.
    public func found(_ diagnostics: [Diagnostic], in file: String) -> [String] {
        let lineOnly = Set(expected.filter { !$0.contains(":") })
        return diagnostics.compactMap { diagnostic -> String? in
            guard let location = diagnostic.location, location.file == file || location.file.hasSuffix("/" + file)
            else { return nil }
            let loose = "\(location.line) \(diagnostic.code)"
            return lineOnly.contains(loose) ? loose : "\(location.line):\(location.column) \(diagnostic.code)"
        }.sorted()
    }
}

/// What `haven rules lint --explain CODE` prints about one kind of finding, for a therapist:
/// what it means, a short example, how to fix it.
///
/// Written beside the check that reports the finding (one lint check per file, one table per
/// loader area), so a new check cannot ship without its page.
package struct FindingPage: Sendable {
    package var code: DiagnosticCode
    /// The severity the finding is reported with.
    package var severity: Diagnostic.Severity
    /// One line: what the finding is about.
    package var summary: String
    /// A paragraph: what it means and why Haven reports it.
    package var meaning: String
    /// A few lines of a rule file that get the finding.
    package var example: String
    /// A paragraph: how to fix it.
    package var fix: String

    package init(
        _ code: DiagnosticCode, _ severity: Diagnostic.Severity, summary: String, meaning: String, example: String,
        fix: String
    ) {
        self.code = code
        self.severity = severity
        self.summary = summary
        self.meaning = meaning
        self.example = example
        self.fix = fix
    }

    /// The page as the terminal shows it.
    package var rendered: String {
        let example = self.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
            separator: "\n")
        return """
            \(code) (\(severity.rawValue)): \(summary)

            What it means
            \(Self.wrap(meaning))

            Example
            \(example)

            How to fix it
            \(Self.wrap(fix))

            """
    }

    /// Wraps a paragraph at `width` columns, breaking between words only.
    static func wrap(_ text: String, width: Int = 88) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

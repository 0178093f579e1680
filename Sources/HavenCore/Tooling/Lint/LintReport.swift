import Foundation

/// `haven rules lint --format json`: one JSON document with every finding and the counts, for
/// editors and scripts.
package struct LintReport: Encodable, Sendable {
    package struct Finding: Encodable, Sendable {
        /// Nil for findings about the folder as a whole (a missing topics file).
        package var file: String?
        package var line: Int?
        package var column: Int?
        package var severity: String
        package var code: String
        package var message: String
    }

    package struct Summary: Encodable, Sendable {
        package var errors: Int
        package var warnings: Int
        package var notes: Int
        package var files: Int
    }

    package var findings: [Finding]
    package var summary: Summary

    package init(_ diagnostics: [Diagnostic], files: Int) {
        findings = diagnostics.map { diagnostic in
            Finding(
                file: diagnostic.location?.file, line: diagnostic.location?.line, column: diagnostic.location?.column,
                severity: diagnostic.severity.rawValue, code: diagnostic.code.rawValue, message: diagnostic.message)
        }
        func count(_ severity: Diagnostic.Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }
        summary = Summary(errors: count(.error), warnings: count(.warning), notes: count(.note), files: files)
    }

    /// The document, keys sorted, followed by a line break.
    package func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

import Foundation

/// `haven rules lint --format json`: one JSON document with every finding and the counts, for
/// editors and scripts.
public struct LintReport: Encodable, Sendable {
    public struct Finding: Encodable, Sendable {
        /// Nil for findings about the folder as a whole (a missing topics file).
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var severity: String
        public var code: String
        public var message: String
    }

    public struct Summary: Encodable, Sendable {
        public var errors: Int
        public var warnings: Int
        public var notes: Int
        public var files: Int
    }

    public var findings: [Finding]
    public var summary: Summary

    public init(_ diagnostics: [Diagnostic], files: Int) {
        findings = diagnostics.map { diagnostic in
            Finding(
                file: diagnostic.location?.file, line: diagnostic.location?.line, column: diagnostic.location?.column,
                severity: diagnostic.severity.rawValue, code: diagnostic.code.rawValue, message: diagnostic.message)
        }
        func count(_ severity: Diagnostic.Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }
        summary = Summary(errors: count(.error), warnings: count(.warning), notes: count(.note), files: files)
    }

    /// The document, keys sorted, followed by a line break.
    public func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

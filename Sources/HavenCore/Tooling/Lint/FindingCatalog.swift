/// Every kind of finding about rule files, with its page: what `haven rules lint --explain`
/// and `--list-codes` show.
package enum FindingCatalog {
    /// Every page, sorted by code.
    package static let pages: [FindingPage] = {
        let all =
            RuleFileFindings.pages + CompilerFindings.pages + RuleLinter.checks.flatMap { $0.pages }
            + IgnoreComments.pages
        return all.sorted { $0.code < $1.code }
    }()

    /// Every code, sorted.
    package static var codes: [DiagnosticCode] { pages.map(\.code) }

    /// The page of `code`, if it is a code.
    package static func page(_ code: DiagnosticCode) -> FindingPage? {
        pages.first { $0.code == code }
    }

    /// The list `--list-codes` prints: one code a line, its severity and summary.
    package static var listing: String {
        func padded(_ text: String, to width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        let width = pages.map(\.code.rawValue.count).max() ?? 0
        return pages.map { page in
            "\(padded(page.code.rawValue, to: width))  \(padded(page.severity.rawValue, to: 7))  \(page.summary)"
        }.joined(separator: "\n") + "\n"
    }
}

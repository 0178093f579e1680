/// The stable, kebab-case name of a kind of finding (`rule-shadowed`, `unknown-key`).
///
/// A code never changes once shipped: therapists write it in `# haven-lint-ignore:` comments and
/// scripts read it from `--format json`. Each code is declared beside the check or the loader
/// table that reports it, with its ``FindingPage``.
public struct DiagnosticCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the code is lower-case words joined by single hyphens.
    package var isKebabCase: Bool {
        let words = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        return !words.isEmpty
            && words.allSatisfy { word in
                !word.isEmpty && word.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }
}

/// One detection rule: phrases, or a regex behind a literal anchor.
public struct Rule: Sendable {
    public let id: String
    public let categoryIndex: Int
    public let weight: Double
    public let phrases: [Located<String>]
    public let regexSource: Located<String>?
    public let examples: [Located<String>]
    /// Messages this very rule must not fire on: the near misses its author thought of.
    public let counterExamples: [Located<String>]
    public let location: SourceLocation
    let regex: LinearRegex?
}

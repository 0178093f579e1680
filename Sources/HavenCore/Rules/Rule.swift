/// One detection rule: phrases, or a regex behind a literal anchor.
package struct Rule: Sendable {
    package let id: String
    package let categoryIndex: Int
    package let weight: Double
    package let phrases: [Located<String>]
    package let regexSource: Located<String>?
    package let examples: [Located<String>]
    /// Messages this very rule must not fire on: the near misses its author thought of.
    package let counterExamples: [Located<String>]
    package let location: SourceLocation
    let regex: LinearRegex?
}

/// How far a rule set may grow: each limit stops a hostile or careless rule file before it costs
/// a crash (deep recursion), gigabytes of memory or minutes of compiling.
///
/// The shipped rules stay far inside every limit (their largest rule expands to under 3,000
/// literals, the whole set to under 15,000); the README's "Limits and hostile input" lists them.
public struct RuleLimits: Sendable, Equatable {
    /// The deepest nesting of `( )` and `[ ]` in a phrase, and of groups and stacked quantifiers in a regex.
    public var nesting = 32
    /// The most variants one part of a phrase may expand to, every member of its sets counted.
    public var variants = 5_000
    /// The most literals one rule or guard may expand to (a set shared by its phrases counts for each phrase).
    public var literalsPerRule = 20_000
    /// The most literals in the whole rule set (counted as for ``literalsPerRule``).
    public var literals = 200_000

    /// The standard limits.
    public init() {}

    /// The limits every command and the server use.
    public static let standard = RuleLimits()
}

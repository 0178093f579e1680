/// Something that, near a rule's match, changes what it means ("I'm not saying…", "what if…").
public struct Guard: Sendable {
    /// Where the guard's phrase must stand, relative to the rule's match.
    public enum Scope: Sendable, Equatable {
        /// Before the match in the same clause, at most `window` words earlier, with no "but" in between.
        case before(window: Int)
        /// After the match in the same clause, at most `window` words later.
        case after(window: Int)
        /// Anywhere in the same clause.
        case clause
        /// Anywhere in the message.
        case message
    }

    /// What the guard does to a match it covers.
    public enum Effect: String, Sendable {
        case suppress, lower
    }

    public let id: String
    /// The category it belongs to, or nil for a lexicon guard that applies to every category.
    public let categoryIndex: Int?
    public let scope: Scope
    public let effect: Effect
    public let why: String
    public let phrases: [Located<String>]
    public let location: SourceLocation
}

/// Something that, near a rule's match, changes what it means ("I'm not saying…", "what if…").
package struct Guard: Sendable {
    /// Where the guard's phrase must stand, relative to the rule's match.
    package enum Scope: Sendable, Equatable {
        /// Before the match in the same clause, at most `window` words earlier, with no "but" in between.
        case before(window: Int)
        /// After the match in the same clause, at most `window` words later.
        case after(window: Int)
        /// Anywhere in the same clause.
        case clause
        /// Anywhere in the message.
        case message

        /// A scope's name, as a rule file writes it (`scope: after`) and a snapshot saves it.
        package enum Kind: String, CaseIterable, Sendable {
            case before, after, clause, message
        }

        package var kind: Kind {
            switch self {
            case .before: .before
            case .after: .after
            case .clause: .clause
            case .message: .message
            }
        }

        /// The window of `before` and `after`; 0 for the others.
        package var window: Int {
            switch self {
            case .before(let window), .after(let window): window
            case .clause, .message: 0
            }
        }

        /// The scope of this kind (`window` counts for `before` and `after` only).
        package init(_ kind: Kind, window: Int) {
            switch kind {
            case .before: self = .before(window: window)
            case .after: self = .after(window: window)
            case .clause: self = .clause
            case .message: self = .message
            }
        }
    }

    /// What the guard does to a match it covers.
    package enum Effect: String, CaseIterable, Sendable {
        case suppress, lower
    }

    package let id: String
    /// The category it belongs to, or nil for a lexicon guard that applies to every category.
    package let categoryIndex: Int?
    package let scope: Scope
    package let effect: Effect
    package let why: String
    package let phrases: [Located<String>]
    package let location: SourceLocation
}

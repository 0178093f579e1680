/// Who owns an automaton literal or a slotted phrase, in one number: the kind in the low bits,
/// the index (of the rule, slot or guard) above them.
///
/// This is the only type that knows the layout, as aho-corasick's `PatternID` and `StateID`
/// are the only ones that know theirs: the packed tables and snapshots store ``rawValue``,
/// everything else asks for ``kind`` and ``index``. All four values of the two kind bits are
/// taken, so a fifth kind widens ``kindBits`` here, and nowhere else (the snapshot version
/// goes up with it, since saved codes change).
struct OwnerCode: Hashable, Comparable, Sendable {
    /// What owns a literal; the raw value is the kind's tag in a code.
    enum Kind: Int32, CaseIterable, Sendable {
        /// A whole phrase of a rule (index: the rule).
        case phrase = 0
        /// One segment of a phrase with `...` gaps (index: the slot id, shared by equal slots).
        case slot = 1
        /// A guard's phrase (index: the guard).
        case guardPhrase = 2
        /// The literal anchor of a regex rule (index: the rule).
        case anchor = 3
    }

    /// How many low bits hold the kind.
    static let kindBits: Int32 = 2
    private static let kindMask: Int32 = (1 << kindBits) - 1
    /// The largest index a code can hold.
    static let maxIndex = Int(Int32.max >> kindBits)

    /// The code as the tables store it: never negative.
    let rawValue: Int32

    /// The code of `kind` number `index` (which must be in `0...maxIndex`).
    @inline(__always)
    init(_ kind: Kind, _ index: Int) {
        precondition(index >= 0 && index <= Self.maxIndex, "owner index out of range")
        rawValue = Int32(truncatingIfNeeded: index) << Self.kindBits | kind.rawValue
    }

    /// A stored code; nil when it is negative (a damaged table).
    init?(rawValue: Int32) {
        guard rawValue >= 0 else { return nil }
        self.rawValue = rawValue
    }

    /// A code read from a table this module wrote (no check: the hot path).
    @inline(__always)
    init(unchecked rawValue: Int32) { self.rawValue = rawValue }

    static func phrase(rule: Int) -> OwnerCode { OwnerCode(.phrase, rule) }
    static func slot(_ slot: Int) -> OwnerCode { OwnerCode(.slot, slot) }
    static func guardPhrase(guard index: Int) -> OwnerCode { OwnerCode(.guardPhrase, index) }
    static func anchor(rule: Int) -> OwnerCode { OwnerCode(.anchor, rule) }

    @inline(__always)
    var kind: Kind {
        switch rawValue & Self.kindMask {
        case 0: .phrase
        case 1: .slot
        case 2: .guardPhrase
        default: .anchor
        }
    }

    @inline(__always)
    var index: Int { Int(rawValue >> Self.kindBits) }

    /// Whether it is a slot's code (without decoding it: the slot tables ask this for every owner).
    @inline(__always)
    var isSlot: Bool { rawValue & Self.kindMask == Kind.slot.rawValue }

    static func < (lhs: OwnerCode, rhs: OwnerCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

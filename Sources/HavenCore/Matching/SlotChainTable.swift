/// The slotted phrases laid out for matching: plain numbers in a few arrays, so following a
/// chain retains nothing (a ``GapPhrase`` holds two arrays of its own, and copying one out of
/// the rule set for each slot hit of a batch cost two retains and two releases).
struct SlotChainTable: Sendable {
    /// One slotted phrase; its slots and gaps are `slots[first..<first + count]` and the same in `gaps`.
    struct Chain: Sendable {
        /// The owner as a ``PatternOwner`` code (a rule's phrase or a guard's).
        var owner: Int32
        /// Which of its slots starts the check (see ``GapPhrase/trigger``).
        var trigger: Int32
        var first: Int32
        var count: Int32
        /// Whether any slot may stand more than side by side (for near-miss reports).
        var hasGap: Bool
    }

    let chains: [Chain]
    /// Slot owner codes (``PatternOwner/code``) of every chain, end to end.
    let slots: [Int32]
    /// Gaps before each slot, beside `slots`.
    let gaps: [Int32]
    /// For each phrase literal, the chains it triggers (through any of its slots, in the order added).
    let triggered: FlatLists

    init(_ phrases: [GapPhrase], triggers: [[Int32]], owners: LiteralOwners) {
        var chains: [Chain] = []
        var slots: [Int32] = []
        var gaps: [Int32] = []
        chains.reserveCapacity(phrases.count)
        for phrase in phrases {
            let owner: PatternOwner
            switch phrase.owner {
            case .rule(let rule): owner = .phrase(rule: rule)
            case .guardPhrase(let index): owner = .guardPhrase(guard: index)
            }
            chains.append(
                Chain(owner: owner.code, trigger: Int32(phrase.trigger), first: Int32(slots.count), count: Int32(phrase.slots.count),
                      hasGap: phrase.gaps.contains { $0 > 0 }))
            slots += phrase.slots.map { PatternOwner.slot($0).code }
            gaps += phrase.gaps.map { Int32($0) }
        }
        self.chains = chains
        self.slots = slots
        self.gaps = gaps
        triggered = FlatLists(count: owners.count) { literal, values in
            for code in owners.codes[owners.range(of: literal)] where PatternOwner.isSlot(code) && Int(code >> 2) < triggers.count {
                values += triggers[Int(code >> 2)]
            }
        }
    }
}

/// The slotted phrases laid out for matching: plain numbers in a few arrays, so following a
/// chain retains nothing (a ``GapPhrase`` holds two arrays of its own, and copying one out of
/// the rule set for each slot hit of a batch cost two retains and two releases).
struct SlotChainTable: Sendable {
    /// One slotted phrase; its slots and gaps are `slots[first..<first + count]` and the same in `gaps`.
    struct Chain: Sendable {
        /// A rule's phrase or a guard's.
        var owner: OwnerCode
        /// Which of its slots starts the check (see ``GapPhrase/trigger``).
        var trigger: Int32
        var first: Int32
        var count: Int32
        /// Whether any slot may stand more than side by side (for near-miss reports).
        var hasGap: Bool
    }

    let chains: [Chain]
    /// Slot owner codes (``OwnerCode/rawValue``) of every chain, end to end.
    let slots: [Int32]
    /// Gaps before each slot, beside `slots`.
    let gaps: [Int32]
    /// For each phrase literal, the chains it triggers (through any of its slots, in the order added).
    let triggered: FlatLists

    init(_ phrases: [GapPhrase], owners: LiteralOwners) {
        var chains: [Chain] = []
        var slots: [Int32] = []
        var gaps: [Int32] = []
        chains.reserveCapacity(phrases.count)
        for phrase in phrases {
            chains.append(
                Chain(
                    owner: phrase.owner, trigger: Int32(phrase.trigger), first: Int32(slots.count),
                    count: Int32(phrase.slots.count),
                    hasGap: phrase.gaps.contains { $0 > 0 }))
            slots += phrase.slots.map { OwnerCode.slot($0).rawValue }
            gaps += phrase.gaps.map { Int32($0) }
        }
        self.chains = chains
        self.slots = slots
        self.gaps = gaps
        // For each slot, the phrases whose check it starts (see ``GapPhrase/trigger``), in order.
        var triggers = [[Int32]](repeating: [], count: phrases.reduce(0) { max($0, ($1.slots.max() ?? -1) + 1) })
        for (index, phrase) in phrases.enumerated() { triggers[phrase.slots[phrase.trigger]].append(Int32(index)) }
        triggered = FlatLists(count: owners.count) { literal, values in
            for code in owners.all.values[owners.all.range(of: literal)] {
                let owner = OwnerCode(unchecked: code)
                if owner.isSlot && owner.index < triggers.count { values += triggers[owner.index] }
            }
        }
    }

    /// Calls `body(chain, trigger, span)` for each chain that each slot hit of a message
    /// triggers, in order; `span` is the tokens the whole phrase covers, or nil when it is
    /// incomplete. Everything the chains read is borrowed in place for the whole message: no
    /// copies, no retains.
    func forEachTriggered(
        by slotHits: [MatchScratch.SlotHit], in text: NormalizedText, owners: LiteralOwners,
        _ body: (_ chain: Chain, _ trigger: Range<Int>, _ span: Range<Int>?) -> Void
    ) {
        slotHits.withUnsafeBufferPointer { hits in
            text.tokens.withUnsafeBufferPointer { tokens in
                chains.withUnsafeBufferPointer { chains in
                    slots.withUnsafeBufferPointer { slots in
                        gaps.withUnsafeBufferPointer { gaps in
                            owners.withSlotView { owners in
                                let resolver = SlotChains(
                                    hits: hits, tokens: tokens, owners: owners, slots: slots, gaps: gaps)
                                for hit in hits {
                                    for position in triggered.range(of: hit.literal) {
                                        let chain = chains[Int(triggered.values[position])]
                                        body(chain, hit.tokens, resolver.complete(chain, from: hit.tokens))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Completes slotted phrases ("{partner} ... never ... listen") from the slot matches of one message.
///
/// From a trigger match it looks for the other slots' matches side by side (or within a `...`
/// gap), leftwards then rightwards, in the same clause. The slot hits come from the scan in
/// order of their last token, so each step binary-searches the few hits that end near its
/// edge, and the work stays near linear in the message however many hits it has. It reads the
/// hits and tokens in place: this runs for nearly every word of a batch.
struct SlotChains {
    let hits: UnsafeBufferPointer<MatchScratch.SlotHit>
    let tokens: UnsafeBufferPointer<Token>
    let owners: LiteralOwners.SlotView
    /// ``SlotChainTable/slots`` and ``SlotChainTable/gaps``.
    let slots: UnsafeBufferPointer<Int32>
    let gaps: UnsafeBufferPointer<Int32>
    /// The most tokens one slot hit spans.
    let longest: Int

    init(
        hits: UnsafeBufferPointer<MatchScratch.SlotHit>, tokens: UnsafeBufferPointer<Token>,
        owners: LiteralOwners.SlotView,
        slots: UnsafeBufferPointer<Int32>, gaps: UnsafeBufferPointer<Int32>
    ) {
        self.hits = hits
        self.tokens = tokens
        self.owners = owners
        self.slots = slots
        self.gaps = gaps
        longest = hits.reduce(1) { max($0, $1.tokens.count) }
    }

    /// The tokens the whole phrase spans when its trigger slot matched `trigger`, or nil.
    func complete(_ chain: SlotChainTable.Chain, from trigger: Range<Int>) -> Range<Int>? {
        let clause = tokens[trigger.lowerBound].clause
        let index = Int(chain.trigger)
        guard let first = extend(chain, index - 1, leftwards: true, from: trigger, clause: clause),
            let last = extend(chain, index + 1, leftwards: false, from: trigger, clause: clause)
        else { return nil }
        return first.lowerBound..<last.upperBound
    }

    /// Indices in `hits` of the hits whose end lies in `low...high` (the caller checks the slot).
    private func candidates(endingFrom low: Int, to high: Int) -> Range<Int> {
        let first = hits.partitioningIndex { $0.tokens.upperBound >= low }
        var end = first
        while end < hits.count, hits[end].tokens.upperBound <= high { end += 1 }
        return first..<end
    }

    /// Extends a chain from slot `index` outwards; tries every candidate, so a short match
    /// that leaves no room for the next slot does not hide a longer one that does.
    private func extend(
        _ chain: SlotChainTable.Chain, _ index: Int, leftwards: Bool, from edge: Range<Int>, clause: Int32
    ) -> Range<Int>? {
        if leftwards ? index < 0 : index >= Int(chain.count) { return edge }
        let first = Int(chain.first)
        let limit = Int(leftwards ? gaps[first + index + 1] : gaps[first + index])
        let window =
            leftwards
            ? candidates(endingFrom: edge.lowerBound - limit, to: edge.lowerBound)
            : candidates(endingFrom: edge.upperBound + 1, to: edge.upperBound + limit + longest)
        let wanted = slots[first + index]
        for position in window where owners.owns(hits[position].literal, wanted) {
            let candidate = hits[position].tokens
            let fits =
                leftwards
                ? candidate.upperBound <= edge.lowerBound && edge.lowerBound - candidate.upperBound <= limit
                : candidate.lowerBound >= edge.upperBound && candidate.lowerBound - edge.upperBound <= limit
            guard fits, tokens[candidate.lowerBound].clause == clause else { continue }
            if let end = extend(
                chain, leftwards ? index - 1 : index + 1, leftwards: leftwards, from: candidate, clause: clause)
            {
                return end
            }
        }
        return nil
    }
}

/// Everything one message's analysis collects between the scan and the ranking: the hits of
/// each kind, and the near misses when tracing.
///
/// One value per message, passed `inout` from step to step (as regex-automata keeps a search's
/// state in one `Cache`), so a step's signature says which state it reads and a new kind of hit
/// is one more field here, not one more parameter everywhere.
struct MatchScratch {
    /// A rule that matched, before guards and ranking.
    struct Hit {
        var rule: Int
        var tokens: Range<Int>
        var captures: [String: Range<Int>] = [:]
        var loweredBy: [String] = []
    }

    /// Where a guard's phrase was found.
    struct GuardHit {
        var guardIndex: Int
        var tokens: Range<Int>
    }

    /// Where a literal that belongs to slots was found (one entry per place, not one per slot).
    struct SlotHit {
        var literal: Int
        var tokens: Range<Int>
    }

    /// Where a regex rule's anchor was found, as a byte offset in the normalised text.
    struct AnchorHit {
        var rule: Int
        var byte: Int
    }

    var hits: [Hit] = []
    var guardHits: [GuardHit] = []
    /// In the order the scan reports them: by last token.
    var slotHits: [SlotHit] = []
    var anchorHits: [AnchorHit] = []
    /// Filled only when ``trace`` is set.
    var nearMisses: [NearMiss] = []
    /// Bytes the regexes ran over.
    var regexBytes = 0
    /// Whether to record near misses (for `rules explain` and `rules test`).
    let trace: Bool

    /// Empty scratch for a message of `tokenCount` tokens.
    init(tokenCount: Int, trace: Bool) {
        self.trace = trace
        // Typical messages make a few hits and about one slot hit per word: one allocation each
        // instead of a run of doublings.
        hits.reserveCapacity(8)
        guardHits.reserveCapacity(4)
        slotHits.reserveCapacity(tokenCount + 4)
    }
}

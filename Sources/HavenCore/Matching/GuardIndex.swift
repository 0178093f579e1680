/// The guard hits of one message arranged so that each rule hit looks only at those that could
/// cover it, not at all of them.
///
/// A 10 MB message of one clause can make a hundred thousand hits and as many guard hits;
/// checking every pair took minutes. A guard with a window can only cover a hit near it, so
/// those are found by binary search on where they start; a guard that covers its whole clause
/// or the whole message acts the same wherever it stands, so only its first hit per clause (or
/// per message) is kept. Candidates come back in their original order, so the result is the
/// same as checking every pair.
struct GuardIndex {
    /// Guard hits with a `before` or `after` window, as (first token, index in the guard hits), by first token.
    private var windowed: [(start: Int, index: Int)] = []
    /// How far from a hit a windowed guard hit can start and still cover it.
    private var reach = 0
    /// The first hit of each clause-wide guard in each clause, as (clause, index), by clause.
    private var clauseWide: [(clause: Int32, index: Int)] = []
    /// The first hit of each message-wide guard.
    private var messageWide: [Int] = []

    init(_ guardHits: [MatchScratch.GuardHit], guards: [Guard], text: NormalizedText) {
        var seenInClause = Set<Int>()  // guard * 2^32 + clause
        var seenInMessage = Set<Int>()
        for (index, guardHit) in guardHits.enumerated() {
            switch guards[guardHit.guardIndex].scope {
            case .before(let window), .after(let window):
                windowed.append((guardHit.tokens.lowerBound, index))
                reach = max(reach, window + guardHit.tokens.count)
            case .clause:
                let clause = text.tokens[guardHit.tokens.lowerBound].clause
                if seenInClause.insert(guardHit.guardIndex << 32 | Int(clause)).inserted {
                    clauseWide.append((clause, index))
                }
            case .message:
                if seenInMessage.insert(guardHit.guardIndex).inserted { messageWide.append(index) }
            }
        }
        windowed.sort { ($0.start, $0.index) < ($1.start, $1.index) }
        clauseWide.sort { ($0.clause, $0.index) < ($1.clause, $1.index) }
    }

    /// Indices of the guard hits that may cover a hit on `tokens` in `clause`, in ascending order.
    func candidates(for tokens: Range<Int>, clause: Int32, into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        var position = windowed.partitioningIndex { $0.start >= tokens.lowerBound - reach }
        while position < windowed.count, windowed[position].start <= tokens.upperBound + reach {
            result.append(windowed[position].index)
            position += 1
        }
        position = clauseWide.partitioningIndex { $0.clause >= clause }
        while position < clauseWide.count, clauseWide[position].clause == clause {
            result.append(clauseWide[position].index)
            position += 1
        }
        result += messageWide
        result.sort()
    }
}

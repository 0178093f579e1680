/// Static checks on a rule regex: the literals the prefilter can anchor on, and shapes that backtrack.
enum RegexAnalysis {
    /// Literals of which at least one must occur in any match, or nil when there is no such set.
    ///
    /// For a concatenation it picks the child with the longest guaranteed literal; for an
    /// alternation it needs a literal from every branch.
    static func anchors(_ node: RegexNode) -> [[UInt8]]? {
        switch node {
        case .literal(let bytes):
            // A space or a single letter narrows nothing down.
            return bytes.filter { $0 != UInt8(ascii: " ") }.count >= 2 ? [bytes] : nil
        case .group(let inner, _):
            return anchors(inner)
        case .repetition(let inner, let min, _, _):
            return min >= 1 ? anchors(inner) : nil
        case .alternation(let branches):
            var result: [[UInt8]] = []
            for branch in branches {
                guard let branchAnchors = anchors(branch) else { return nil }
                result += branchAnchors
            }
            return result
        case .concat(let items):
            var best: [[UInt8]]?
            for item in items {
                guard let candidate = anchors(item) else { continue }
                if best == nil || quality(candidate) > quality(best!) { best = candidate }
            }
            return best
        case .empty, .set, .assertion:
            return nil
        }
    }

    /// The length of the shortest literal: a longer shortest literal means fewer false leads.
    static func quality(_ anchors: [[UInt8]]) -> Int { anchors.map(\.count).min() ?? 0 }

    /// A description of a shape that makes backtracking engines take exponential time, or nil.
    ///
    /// Haven's own engine is linear, but rule files should stay safe in any engine a
    /// therapist might test them with, and these shapes are almost always mistakes.
    static func catastrophicShape(_ node: RegexNode) -> String? {
        switch node {
        case .repetition(let inner, _, let max, _):
            if max == nil || (max ?? 0) > 1, let nested = unboundedRepetition(in: inner) {
                return "nested quantifier: an unbounded '\(nested)' inside a repeated group"
            }
            if max == nil, case .alternation(let branches) = stripGroups(inner), branchesOverlap(branches) {
                return "repeated alternation whose branches can match the same text"
            }
            return catastrophicShape(inner)
        case .group(let inner, _):
            return catastrophicShape(inner)
        case .alternation(let items):
            return items.lazy.compactMap(catastrophicShape).first
        case .concat(let items):
            for (left, right) in zip(items, items.dropFirst()) {
                if case .repetition(let a, _, nil, _) = left, case .repetition(let b, _, nil, _) = right,
                    let first = firstSet(a), let second = firstSet(b), first.overlaps(second)
                {
                    return "adjacent quantifiers that can match the same text"
                }
            }
            return items.lazy.compactMap(catastrophicShape).first
        default:
            return nil
        }
    }

    private static func stripGroups(_ node: RegexNode) -> RegexNode {
        if case .group(let inner, _) = node { return stripGroups(inner) }
        return node
    }

    private static func unboundedRepetition(in node: RegexNode) -> String? {
        switch node {
        case .repetition(_, let min, nil, _): return min == 0 ? "*" : "+"
        case .repetition(let inner, _, _, _): return unboundedRepetition(in: inner)
        case .group(let inner, _): return unboundedRepetition(in: inner)
        case .concat(let items), .alternation(let items): return items.lazy.compactMap(unboundedRepetition).first
        default: return nil
        }
    }

    private static func branchesOverlap(_ branches: [RegexNode]) -> Bool {
        let sets = branches.map(firstSet)
        for i in sets.indices {
            for j in sets.indices where j > i {
                guard let a = sets[i], let b = sets[j] else { return true }
                if a.overlaps(b) { return true }
            }
        }
        return false
    }

    /// The bytes a match of `node` can start with (nil when it can be empty or is unknown).
    static func firstSet(_ node: RegexNode) -> ByteSet? {
        switch node {
        case .literal(let bytes):
            guard let first = bytes.first else { return nil }
            var set = ByteSet()
            set.insert(first)
            return set
        case .set(let set):
            return set
        case .group(let inner, _):
            return firstSet(inner)
        case .repetition(let inner, _, _, _):
            return firstSet(inner)
        case .concat(let items):
            for item in items {
                if case .assertion = item { continue }
                return firstSet(item)
            }
            return nil
        case .alternation(let branches):
            var union = ByteSet()
            for branch in branches {
                guard let set = firstSet(branch) else { return nil }
                union.formUnion(set)
            }
            return union
        case .empty, .assertion:
            return nil
        }
    }
}

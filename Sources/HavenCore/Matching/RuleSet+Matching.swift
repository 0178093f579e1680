/// Matching: the matcher's automaton pass over the message, then per-hit checks that stay within a clause.
extension RuleSet {
    /// How much a guard with effect `lower` (or any guard on `crisis`) keeps of a rule's weight.
    static let loweredFactor = 0.35
    /// The most bytes of a clause a regex is run over, centred on its anchor.
    static let regexSpan = 400

    /// Normalises and analyses a message.
    ///
    /// - Parameter trace: also record near misses (for `rules explain` and `rules test`).
    public func analyze(_ message: String, trace: Bool = false) -> Analysis {
        analyze(matcher.normalizer.normalize(message), trace: trace)
    }

    /// Normalises a message the way this rule set does.
    package func normalize(_ message: String) -> NormalizedText { matcher.normalizer.normalize(message) }

    /// Analyses a normalised message.
    package func analyze(_ text: NormalizedText, trace: Bool = false) -> Analysis {
        analyze(text, trace: trace, guardIndexAbove: Self.guardIndexThreshold)
    }

    /// Analyses a normalised message; `guardIndexAbove` is exposed so tests can force either way of applying guards.
    func analyze(_ text: NormalizedText, trace: Bool, guardIndexAbove: Int) -> Analysis {
        var scratch = MatchScratch(tokenCount: text.tokens.count, trace: trace)
        matcher.scan(text, into: &scratch)
        if !scratch.slotHits.isEmpty { matcher.resolveSlots(text, rules: rules, into: &scratch) }
        if !scratch.anchorHits.isEmpty { runRegexes(text, into: &scratch) }
        if scratch.hits.isEmpty {
            return Analysis(
                text: text, patterns: [], suppressed: [], nearMisses: scratch.nearMisses,
                regexBytesScanned: scratch.regexBytes)
        }
        var suppressed: [Suppression] = []
        if !scratch.guardHits.isEmpty { applyGuards(text, &scratch, &suppressed, indexAbove: guardIndexAbove) }
        return Analysis(
            text: text, patterns: rank(scratch.hits), suppressed: suppressed, nearMisses: scratch.nearMisses,
            regexBytesScanned: scratch.regexBytes)
    }

    // MARK: - Steps

    /// Runs regex rules around their anchors, counting the bytes they scan.
    private func runRegexes(_ text: NormalizedText, into scratch: inout MatchScratch) {
        var tried = Set<Int>()  // rule * 65_536 + clause: one run per rule and clause
        for anchor in scratch.anchorHits {
            let token = text.tokenIndex(atByte: anchor.byte)
            let clause = Int(text.tokens[token].clause)
            guard tried.insert(anchor.rule &* 65_536 &+ clause).inserted, let regex = rules[anchor.rule].regex else {
                continue
            }
            var range = text.clauseRange(containing: token)
            // A clause's trailing emoji are not words: "$" should still see "made up 😔" as ending in "made up".
            while range.count > 1, text.tokens[range.upperBound - 1].isEmoji {
                range = range.lowerBound..<(range.upperBound - 1)
            }
            var spanStart = Int(text.tokens[range.lowerBound].start)
            var spanEnd = Int(text.tokens[range.upperBound - 1].end)
            if spanEnd - spanStart > Self.regexSpan {
                spanStart = max(spanStart, anchor.byte - Self.regexSpan / 2)
                spanEnd = min(spanEnd, spanStart + Self.regexSpan)
                spanStart = Int(text.tokens[text.tokenIndex(atByte: spanStart)].start)
            }
            scratch.regexBytes += spanEnd - spanStart
            guard let captures = regex.firstMatch(in: text.bytes[spanStart..<spanEnd]),
                let tokens = tokenRange(text, spanStart + captures[0], spanStart + captures[1])
            else {
                if scratch.trace {
                    scratch.nearMisses.append(
                        NearMiss(
                            ruleID: rules[anchor.rule].id, reason: "its anchor was found but its regex did not match",
                            tokens: range))
                }
                continue
            }
            var named: [String: Range<Int>] = [:]
            for (name, group) in regex.groupNames where captures[2 * group] >= 0 {
                if let groupTokens = tokenRange(
                    text, spanStart + captures[2 * group], spanStart + captures[2 * group + 1])
                {
                    named[name] = groupTokens
                }
            }
            scratch.hits.append(MatchScratch.Hit(rule: anchor.rule, tokens: tokens, captures: named))
        }
    }

    /// The tokens that bytes `start..<end` of the normalised text touch, or nil for an empty or blank span.
    private func tokenRange(_ text: NormalizedText, _ start: Int, _ end: Int) -> Range<Int>? {
        var start = start
        var end = end
        while start < end, text.bytes[start] == Byte.space { start += 1 }
        while end > start, text.bytes[end - 1] == Byte.space { end -= 1 }
        guard start < end else { return nil }
        return text.tokenIndex(atByte: start)..<(text.tokenIndex(atByte: end - 1) + 1)
    }

    /// Above this many (hit, guard hit) pairs, guard hits are indexed instead of all checked for every hit.
    static let guardIndexThreshold = 1_024

    /// Drops or lowers the hits a guard covers; the dropped ones go to `suppressed`.
    private func applyGuards(
        _ text: NormalizedText, _ scratch: inout MatchScratch, _ suppressed: inout [Suppression],
        indexAbove threshold: Int
    ) {
        let guardHits = scratch.guardHits
        // A typical message has a hit or two and a guard hit or two: checking every pair is cheapest.
        let index =
            scratch.hits.count * guardHits.count > threshold ? GuardIndex(guardHits, guards: guards, text: text) : nil
        var candidates = Array(guardHits.indices)
        var kept: [MatchScratch.Hit] = []
        kept.reserveCapacity(scratch.hits.count)
        hitLoop: for var hit in scratch.hits {
            let rule = rules[hit.rule]
            index?.candidates(for: hit.tokens, clause: text.tokens[hit.tokens.lowerBound].clause, into: &candidates)
            for position in candidates {
                let guardHit = guardHits[position]
                let guardRule = guards[guardHit.guardIndex]
                if let owner = guardRule.categoryIndex, owner != rule.categoryIndex { continue }
                guard Self.covers(guardRule.scope, guardHit.tokens, hit.tokens, text) else { continue }
                if guardRule.effect == .lower || rule.categoryIndex == crisisIndex {
                    // The safety tier is never switched off by wording: a guard can only lower it.
                    if !hit.loweredBy.contains(guardRule.id) { hit.loweredBy.append(guardRule.id) }
                } else {
                    suppressed.append(
                        Suppression(
                            ruleID: rule.id, guardID: guardRule.id, reason: guardRule.why, tokens: hit.tokens,
                            guardTokens: guardHit.tokens))
                    continue hitLoop
                }
            }
            kept.append(hit)
        }
        scratch.hits = kept
    }

    static func covers(_ scope: Guard.Scope, _ guardTokens: Range<Int>, _ hit: Range<Int>, _ text: NormalizedText)
        -> Bool
    {
        let sameClause = text.tokens[guardTokens.lowerBound].clause == text.tokens[hit.lowerBound].clause
        switch scope {
        case .message:
            return true
        case .clause:
            return sameClause
        case .before(let window):
            // The guard starts before the match; it may share words with it ("i checked" / "checked my phone").
            guard sameClause, guardTokens.lowerBound < hit.lowerBound, guardTokens.upperBound <= hit.upperBound,
                max(0, hit.lowerBound - guardTokens.upperBound) <= window
            else { return false }
            // Negation does not reach past "but": "I'm not saying much, but you never listen".
            for index in guardTokens.upperBound..<max(guardTokens.upperBound, hit.lowerBound)
            where text.tokenIs(index, "but") {
                return false
            }
            return true
        case .after(let window):
            guard sameClause, guardTokens.upperBound > hit.upperBound, guardTokens.lowerBound >= hit.lowerBound,
                max(0, guardTokens.lowerBound - hit.upperBound) <= window
            else {
                return false
            }
            for index in hit.upperBound..<max(hit.upperBound, guardTokens.lowerBound) where text.tokenIs(index, "but") {
                return false
            }
            return true
        }
    }

    private func rank(_ hits: [MatchScratch.Hit]) -> [PatternMatch] {
        // A message has a handful of hits in a few categories: plain arrays and linear searches
        // beat dictionaries here (this runs once per message in a batch).
        var categoryOrder: [Int] = []
        for hit in hits where !categoryOrder.contains(rules[hit.rule].categoryIndex) {
            categoryOrder.append(rules[hit.rule].categoryIndex)
        }
        var matches: [PatternMatch] = []
        matches.reserveCapacity(categoryOrder.count)
        for categoryIndex in categoryOrder {
            let categoryHits =
                categoryOrder.count == 1 ? hits : hits.filter { rules[$0.rule].categoryIndex == categoryIndex }
            // Each rule counts once, with its strongest match.
            var strongest: [(rule: Int, weight: Double)] = []
            strongest.reserveCapacity(4)
            for hit in categoryHits {
                let weight = rules[hit.rule].weight * (hit.loweredBy.isEmpty ? 1 : Self.loweredFactor)
                if let index = strongest.firstIndex(where: { $0.rule == hit.rule }) {
                    strongest[index].weight = max(strongest[index].weight, weight)
                } else {
                    strongest.append((hit.rule, weight))
                }
            }
            strongest.sort { $0.rule < $1.rule }
            let miss = strongest.reduce(1.0) { $0 * (1 - $1.weight) }
            let score = ((1 - miss) * 1000).rounded() / 1000
            let sorted = categoryHits.sorted {
                ($0.tokens.lowerBound, -$0.tokens.count) < ($1.tokens.lowerBound, -$1.tokens.count)
            }
            var evidence: [Evidence] = []
            evidence.reserveCapacity(min(8, sorted.count))
            for hit in sorted {
                if evidence.contains(where: {
                    $0.tokens.lowerBound <= hit.tokens.lowerBound && $0.tokens.upperBound >= hit.tokens.upperBound
                }) {
                    continue
                }
                evidence.append(
                    Evidence(
                        ruleID: rules[hit.rule].id, tokens: hit.tokens, captures: hit.captures, loweredBy: hit.loweredBy
                    ))
                if evidence.count == 8 { break }
            }
            // Read in place: binding the category would retain each of its many arrays.
            matches.append(
                PatternMatch(
                    categoryID: categories[categoryIndex].id, score: score,
                    priority: categories[categoryIndex].priority,
                    evidence: evidence, ruleIDs: strongest.map { rules[$0.rule].id }))
        }
        matches.sort { lhs, rhs in
            let lhsCrisis = lhs.categoryID == RuleSet.crisisID
            let rhsCrisis = rhs.categoryID == RuleSet.crisisID
            if lhsCrisis != rhsCrisis { return lhsCrisis }
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
            return lhs.categoryID < rhs.categoryID
        }
        return matches
    }
}

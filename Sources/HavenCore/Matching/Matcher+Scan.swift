/// The matcher's own steps: one pass of each automaton, then slotted phrases completed from
/// the slot hits. What the hits mean (regexes, guards, ranking) is the rule set's business.
extension Matcher {
    /// Whole phrases and guard phrases become hits at once; slot literals and regex anchors are
    /// kept for the steps after.
    func scan(_ text: NormalizedText, into scratch: inout MatchScratch) {
        let direct = literalOwners.direct.values
        let matchInfo = literalOwners.matches
        phraseAutomaton.scan(text) { literal, range in
            let info = matchInfo[literal]
            var index = Int(info.direct)
            for _ in 0..<Int(info.directCount) {
                let owner = OwnerCode(unchecked: info.directCount == 1 ? info.direct : direct[index])
                index += 1
                switch owner.kind {
                case .phrase: scratch.hits.append(MatchScratch.Hit(rule: owner.index, tokens: range))
                case .guardPhrase:
                    scratch.guardHits.append(MatchScratch.GuardHit(guardIndex: owner.index, tokens: range))
                case .slot, .anchor: break  // slots are resolved below; anchors are in their own automaton
                }
            }
            if info.inSlot { scratch.slotHits.append(MatchScratch.SlotHit(literal: literal, tokens: range)) }
        }
        if anchorOwners.count > 0 {
            anchorAutomaton.scan(text.bytes) { literal, start, _ in
                for code in anchorOwners.all.values[anchorOwners.all.range(of: literal)] {
                    let owner = OwnerCode(unchecked: code)
                    if owner.kind == .anchor {
                        scratch.anchorHits.append(MatchScratch.AnchorHit(rule: owner.index, byte: start))
                    }
                }
            }
        }
    }

    /// Completes slotted phrases: from each trigger match, looks for the other slots' matches
    /// side by side (or within a `...` gap), leftwards then rightwards, in the same clause.
    /// `rules` names the rules of near misses.
    func resolveSlots(_ text: NormalizedText, rules: [Rule], into scratch: inout MatchScratch) {
        let slotHits = scratch.slotHits
        assert(
            zip(slotHits, slotHits.dropFirst()).allSatisfy { $0.tokens.upperBound <= $1.tokens.upperBound },
            "slot hits out of order")
        chainTable.forEachTriggered(by: slotHits, in: text, owners: literalOwners) { chain, trigger, span in
            let owner = chain.owner
            guard let span else {
                if scratch.trace, owner.kind == .phrase, chain.hasGap {
                    scratch.nearMisses.append(
                        NearMiss(
                            ruleID: rules[owner.index].id, reason: "only part of one of its phrases was found",
                            tokens: trigger))
                }
                return
            }
            switch owner.kind {
            case .phrase: scratch.hits.append(MatchScratch.Hit(rule: owner.index, tokens: span))
            case .guardPhrase: scratch.guardHits.append(MatchScratch.GuardHit(guardIndex: owner.index, tokens: span))
            case .slot, .anchor: break  // chains belong to phrases and guards only
            }
        }
    }
}

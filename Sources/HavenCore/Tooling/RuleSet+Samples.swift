import Foundation

/// Samples of what a rule matches, and literal counts, read from the matcher's authoring tables (for `rules lint`).
extension RuleSet {
    /// Literal texts per rule phrase and per slot, for ``sampleTexts(ofRule:limit:index:)``.
    struct SampleIndex {
        var phrases: [Int: [String]] = [:]
        var slots: [Int: [String]] = [:]
    }

    func sampleIndex() -> SampleIndex {
        var index = SampleIndex()
        guard let authoring = matcher.authoring else { return index }
        for (position, owner) in authoring.owners.enumerated() {
            let text = String(decoding: authoring.literals[position], as: UTF8.self).trimmingCharacters(
                in: .whitespaces)
            switch owner.kind {
            case .phrase: index.phrases[owner.index, default: []].append(text)
            case .slot: index.slots[owner.index, default: []].append(text)
            case .guardPhrase, .anchor: break
            }
        }
        return index
    }

    /// Up to `limit` messages made of a rule's phrases (each variant of each phrase, gaps closed up).
    func sampleTexts(ofRule ruleIndex: Int, limit: Int, index: SampleIndex) -> [String] {
        var samples = Array((index.phrases[ruleIndex] ?? []).prefix(limit))
        for phrase in matcher.gapPhrases where samples.count < limit {
            guard phrase.owner == .phrase(rule: ruleIndex) else { continue }
            var partial = [""]
            for slot in phrase.slots {
                let words = index.slots[slot] ?? []
                partial = Array(
                    partial.flatMap { left in words.map { left.isEmpty ? $0 : left + " " + $0 } }.prefix(limit))
            }
            samples += partial.prefix(limit - samples.count)
        }
        return samples
    }

    /// How many automaton literals each rule and guard owns (shared slots count for each owner), largest first.
    package func literalCounts() -> [(id: String, literals: Int)] {
        var counts: [String: Int] = [:]
        var slotSizes: [Int: Int] = [:]
        for owner in matcher.authoring?.owners ?? [] {
            switch owner.kind {
            case .phrase, .anchor: counts[rules[owner.index].id, default: 0] += 1
            case .guardPhrase: counts[guards[owner.index].id, default: 0] += 1
            case .slot: slotSizes[owner.index, default: 0] += 1
            }
        }
        for phrase in matcher.gapPhrases {
            let id = phrase.owner.kind == .guardPhrase ? guards[phrase.owner.index].id : rules[phrase.owner.index].id
            counts[id, default: 0] += phrase.slots.reduce(0) { $0 + (slotSizes[$1] ?? 0) }
        }
        return counts.map { (id: $0.key, literals: $0.value) }.sorted { $0.literals > $1.literals }
    }
}

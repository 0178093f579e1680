/// Builds a ``Matcher`` from the validated rule model: the compiler adds each literal with its
/// owner (whole phrases, slots of phrases with gaps, guard phrases, regex anchors) and each
/// slotted phrase; ``build()`` then chooses the triggers, merges equal literals and packs the
/// automata and the chain table.
struct MatcherBuilder {
    let normalizer: Normalizer
    var patterns: [[UInt8]] = []
    var owners: [OwnerCode] = []
    var gapPhrases: [GapPhrase] = []
    var diagnostics: [Diagnostic] = []
    private var slotIDs: [[String]: Int] = [:]
    private var slotShortest: [Int] = []
    /// For each slot, how common its commonest literal is in everyday text (``CommonWords``).
    private var slotCommonness: [Int] = []

    init(normalizer: Normalizer) { self.normalizer = normalizer }

    /// The id of a slot with these variants, adding its literals the first time it is seen.
    mutating func slotID(_ variants: [String], at location: SourceLocation) -> Int {
        let key = variants.sorted()
        if let id = slotIDs[key] { return id }
        let id = slotShortest.count
        slotIDs[key] = id
        let before = patterns.count
        for variant in key { addWords(variant, owner: .slot(id), at: location) }
        slotShortest.append(patterns[before...].map(\.count).min() ?? 0)
        slotCommonness.append(patterns[before...].map { CommonWords.commonness(ofWords: $0) }.max() ?? 0)
        return id
    }

    /// Picks each slotted phrase's trigger: a slot without everyday words if there is one (it is
    /// found in few messages), then the slot fewest phrases share, then the one with the longest literals.
    private mutating func chooseTriggers() {
        var uses = [Int](repeating: 0, count: slotShortest.count)
        for phrase in gapPhrases { for slot in Set(phrase.slots) { uses[slot] += 1 } }
        func cost(_ slot: Int) -> (Int, Int, Int) { (slotCommonness[slot], uses[slot], -slotShortest[slot]) }
        for index in gapPhrases.indices {
            let slots = gapPhrases[index].slots
            let best = slots.indices.min { lhs, rhs in cost(slots[lhs]) < cost(slots[rhs]) } ?? 0
            gapPhrases[index].trigger = best
        }
    }

    mutating func add(_ literal: [UInt8], owner: OwnerCode) {
        patterns.append(literal)
        owners.append(owner)
    }

    /// Adds an already normalised word sequence, wrapped in spaces so it matches whole words only.
    mutating func addWords(_ text: String, owner: OwnerCode, at location: SourceLocation) {
        var bytes: [UInt8] = [Byte.space]
        for byte in text.utf8 where byte != Byte.space || bytes.last != Byte.space { bytes.append(byte) }
        if bytes.last != Byte.space { bytes.append(Byte.space) }
        guard bytes.count > 2 else {
            diagnostics.append(
                Diagnostic(.error, .phraseEmpty, "phrase '\(text)' has no words once normalised", at: location))
            return
        }
        add(bytes, owner: owner)
    }

    /// The matcher over everything added. Phrases are whole words and go to the word automaton;
    /// regex anchors may sit inside a word and go to the byte automaton.
    func build() -> Matcher {
        var builder = self
        builder.chooseTriggers()
        var phrases: (literals: [[UInt8]], owners: [OwnerCode]) = ([], [])
        var anchors: (literals: [[UInt8]], owners: [OwnerCode]) = ([], [])
        for (literal, owner) in zip(patterns, owners) {
            if owner.kind == .anchor {
                anchors.literals.append(literal)
                anchors.owners.append(owner)
            } else {
                phrases.literals.append(literal)
                phrases.owners.append(owner)
            }
        }
        let (distinctPhrases, literalOwners) = LiteralOwners.grouping(phrases.literals, phrases.owners)
        let (distinctAnchors, anchorOwners) = LiteralOwners.grouping(anchors.literals, anchors.owners)
        return Matcher(
            normalizer: normalizer, phraseAutomaton: WordAutomaton(patterns: distinctPhrases),
            literalOwners: literalOwners,
            anchorAutomaton: AhoCorasick(patterns: distinctAnchors, alphabetSize: 256, denseThreshold: 6),
            anchorOwners: anchorOwners,
            gapPhrases: builder.gapPhrases, authoring: AuthoringTables(owners: owners, literals: LiteralTable(patterns))
        )
    }
}

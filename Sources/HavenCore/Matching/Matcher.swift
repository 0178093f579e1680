/// The compiled matcher behind a ``RuleSet``: every packed table a message's scan reads, built
/// by ``MatcherBuilder`` from the validated rule model (or restored from a snapshot).
///
/// The model says what the rules mean; this says how to find them fast. It holds numbers only:
/// rule, guard and slot indices in ``OwnerCode``s, never the model's strings. `Matching/README.md`
/// describes each table's invariants and how a message flows through them.
struct Matcher: Sendable {
    /// Applies the lexicon's substitutions; every message and phrase is normalised by it.
    let normalizer: Normalizer
    /// Built over the distinct phrase literals (phrases, slots, guard phrases); reports a
    /// literal's index in `literalOwners`.
    let phraseAutomaton: WordAutomaton
    /// Who owns each distinct phrase literal (" you " alone belongs to over 30 slots).
    let literalOwners: LiteralOwners
    /// Built over the distinct regex anchors, which need not be whole words; reports an index in `anchorOwners`.
    let anchorAutomaton: AhoCorasick<UInt8>
    let anchorOwners: LiteralOwners
    /// The phrases with slots, as authored order; `chainTable` is the same laid out for matching.
    let gapPhrases: [GapPhrase]
    /// The slotted phrases as plain numbers, with the ones each phrase literal triggers.
    let chainTable: SlotChainTable
    /// Each literal as added and its owner, for the rule tools; nil in a matcher restored from a snapshot.
    let authoring: AuthoringTables?

    init(
        normalizer: Normalizer, phraseAutomaton: WordAutomaton, literalOwners: LiteralOwners,
        anchorAutomaton: AhoCorasick<UInt8>,
        anchorOwners: LiteralOwners, gapPhrases: [GapPhrase], authoring: AuthoringTables?
    ) {
        self.normalizer = normalizer
        self.phraseAutomaton = phraseAutomaton
        self.literalOwners = literalOwners
        self.anchorAutomaton = anchorAutomaton
        self.anchorOwners = anchorOwners
        self.gapPhrases = gapPhrases
        chainTable = SlotChainTable(gapPhrases, owners: literalOwners)
        self.authoring = authoring
    }

    /// Number of literals after expanding sets and alternatives (duplicates included).
    var literalCount: Int { literalOwners.all.values.count + anchorOwners.all.values.count }

    /// Number of automaton states.
    var stateCount: Int { phraseAutomaton.stateCount + anchorAutomaton.stateCount }
}

/// The matcher's tables, without the authoring tables (only the rule tools read them, and they
/// compile afresh). A restored matcher is checked within itself here; that its owners name
/// rules and guards that exist is checked by ``ownersAreValid(ruleCount:guardCount:)``.
extension Matcher: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.value(normalizer)
        writer.value(phraseAutomaton)
        writer.value(literalOwners)
        anchorAutomaton.write(to: &writer)
        writer.value(anchorOwners)
        writer.array(gapPhrases)
    }

    init?(from reader: inout SnapshotReader) {
        guard let normalizer = reader.value(Normalizer.self), let phraseAutomaton = reader.value(WordAutomaton.self),
            let literalOwners = reader.value(LiteralOwners.self),
            let anchorAutomaton = AhoCorasick<UInt8>(from: &reader, alphabetSize: 256),
            let anchorOwners = reader.value(LiteralOwners.self), let gapPhrases = reader.array(of: GapPhrase.self),
            phraseAutomaton.reportsPatterns(below: literalOwners.count),
            anchorAutomaton.reportsPatterns(below: anchorOwners.count),
            literalOwners.all.values.allSatisfy({ OwnerCode(unchecked: $0).kind != .anchor }),
            anchorOwners.all.values.allSatisfy({ OwnerCode(unchecked: $0).kind == .anchor })
        else { return nil }
        self.init(
            normalizer: normalizer, phraseAutomaton: phraseAutomaton, literalOwners: literalOwners,
            anchorAutomaton: anchorAutomaton,
            anchorOwners: anchorOwners, gapPhrases: gapPhrases, authoring: nil)
    }

    /// Whether every owner names a rule, slot or guard that exists: a damaged or foreign
    /// snapshot must not index out of range later.
    func ownersAreValid(ruleCount: Int, guardCount: Int) -> Bool {
        let slotCount = gapPhrases.reduce(0) { max($0, ($1.slots.max() ?? -1) + 1) }
        func isValid(_ owner: OwnerCode) -> Bool {
            switch owner.kind {
            case .phrase, .anchor: owner.index < ruleCount
            case .slot: owner.index < slotCount
            case .guardPhrase: owner.index < guardCount
            }
        }
        return literalOwners.all.values.allSatisfy { isValid(OwnerCode(unchecked: $0)) }
            && anchorOwners.all.values.allSatisfy { isValid(OwnerCode(unchecked: $0)) }
            && gapPhrases.allSatisfy { isValid($0.owner) && $0.slots.allSatisfy { $0 < slotCount } }
    }
}

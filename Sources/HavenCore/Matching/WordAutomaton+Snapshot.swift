/// The vocabulary's words (its hash table is rebuilt on restore) and the automaton's tables.
extension WordAutomaton: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.raw(vocabulary.words.bytes)
        writer.raw(vocabulary.words.ends)
        automaton.write(to: &writer)
    }

    init?(from reader: inout SnapshotReader) {
        guard let bytes = reader.raw(UInt8.self), let ends = reader.raw(Int32.self),
            let vocabulary = Vocabulary(restoring: bytes, ends: ends),
            let automaton = AhoCorasick<UInt32>(from: &reader, alphabetSize: vocabulary.count + 1)
        else { return nil }
        self.vocabulary = vocabulary
        self.automaton = automaton
    }
}

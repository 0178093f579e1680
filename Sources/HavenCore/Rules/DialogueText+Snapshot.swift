extension DialogueText: SnapshotCodable {
    /// The sentences in ``Sentence`` order (so no keys are stored), then the closing questions.
    func write(to writer: inout SnapshotWriter) {
        writer.array(Sentence.allCases) { $0.string(sentences[$1] ?? "") }
        writer.array(closingQuestions)
    }

    init?(from reader: inout SnapshotReader) {
        guard let texts = reader.array({ $0.string() }), texts.count == Sentence.allCases.count,
            let closingQuestions = reader.array(of: Prompt.self)
        else { return nil }
        self.init()
        for (sentence, text) in zip(Sentence.allCases, texts) { sentences[sentence] = text }
        self.closingQuestions = closingQuestions
    }
}

/// The writer's own words an antidote template can use, for one marked passage.
///
/// Unlike a prompt's placeholders these are not turned around for a reply: the antidote is
/// something the writer could say to the same person. Only `{topic}` turns a third person who
/// is that person ("his mess") into "you" ("your mess"), since the antidote speaks to them.
struct AntidoteWords {
    let text: NormalizedText
    let evidence: Evidence
    /// The clause that holds the passage, breaks excluded.
    let clause: Range<Int>

    init(text: NormalizedText, evidence: Evidence) {
        self.text = text
        self.evidence = evidence
        clause = text.clauseRange(containing: evidence.tokens.lowerBound)
    }

    /// Words that may open the rest of a clause before its topic ("with the dishes").
    static let leadingPrepositions: Set<String> = [
        "with", "about", "for", "on", "at", "around", "over", "of", "to", "in", "into", "after", "from",
    ]
    /// Words that open a topic: "the dishes", "my job", "your phone".
    static let determiners: Set<String> = [
        "the", "my", "our", "your", "his", "her", "their", "this", "that", "these", "those", "a", "an", "any", "all",
    ]
    /// Words that end a topic: the next part of the sentence starts.
    static let topicEnds: Set<String> = [
        "and", "but", "or", "because", "when", "whenever", "if", "so", "while", "then", "until", "like", "since", "as",
    ]
    /// Third-person words for the other person, and how the writer says them to that person.
    static let addressed: [String: String] = ["his": "your", "her": "your", "their": "your"]

    func value(_ name: String) -> String? {
        switch name {
        case "match": return written(evidence.tokens)
        case "clause":
            var start = clause.lowerBound
            while start < evidence.tokens.lowerBound, RuleSet.leadingFillers.contains(word(start)) { start += 1 }
            return written(start..<clause.upperBound)
        case "rest":
            let rest = evidence.tokens.upperBound..<clause.upperBound
            return rest.isEmpty ? nil : written(rest)
        case "topic": return topic()
        default:
            return evidence.captures[name].map(written)
        }
    }

    /// What the words after the passage are about: a noun phrase after at most one preposition
    /// ("you never help with the dishes" → "the dishes"), or nil when there is none.
    private func topic() -> String? {
        var index = evidence.tokens.upperBound
        if index < clause.upperBound, Self.leadingPrepositions.contains(word(index)) { index += 1 }
        guard index < clause.upperBound, Self.determiners.contains(word(index)) else { return nil }
        var end = index + 1
        while end < clause.upperBound, !Self.topicEnds.contains(word(end)), end - index < 6 { end += 1 }
        guard end > index + 1 else { return nil }
        var words: [String] = []
        var lastStart: Int32 = -1
        for position in index..<end {
            let token = text.tokens[position]
            if token.originalStart == lastStart { continue }
            lastStart = token.originalStart
            let folded = word(position)
            words.append(
                position == index
                    ? Self.addressed[folded] ?? written(position..<(position + 1)) : written(position..<(position + 1)))
        }
        return words.joined(separator: " ")
    }

    private func word(_ index: Int) -> String { text.text(of: index..<(index + 1)) }

    /// The words as the writer wrote them, lower-cased when they were shouted.
    private func written(_ range: Range<Int>) -> String {
        let original = String(text.originalText(of: range))
        let shouted = original.contains { $0.isLetter } && !original.contains { $0.isLowercase }
        return shouted ? original.lowercased() : original
    }
}

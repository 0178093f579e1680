/// What `haven check` says about a message the writer is about to send: the passages that may
/// land as criticism, contempt, defensiveness or withdrawal, each with an antidote, the
/// appreciation worth keeping, and one closing question. A message that shows danger gets
/// the safety response instead, exactly as `reflect` gives it.
package struct CheckReport: Sendable {
    /// One passage of the message and what a rule says about it.
    package struct Passage: Sendable, Equatable {
        package let categoryID: String
        package let ruleID: String
        /// The words as written.
        package let text: String
        /// UTF-8 byte offsets in the message.
        package let start: Int
        package let end: Int
        /// The rule's plain-language note (its `note:`; the category's title when it has none).
        package let note: String
        /// The antidote filled with the writer's words; nil for appreciation, or when no template fits.
        package let antidote: String?
        /// The title of the article section the antidote draws on.
        package let section: String?
    }

    /// Passages that may land badly, in message order.
    package let marked: [Passage]
    /// Appreciation found, in message order.
    package let appreciation: [Passage]
    /// One reflective question about what the writer hopes the other person hears; empty for danger.
    package let question: String
    /// The safety response when the message shows danger (then nothing is marked).
    package let safety: Reply?
    /// The wording of the text output (`check:` in `dialogue.yaml`).
    var words = DialogueText()
}

extension RuleSet {
    /// The categories whose passages `check` marks.
    package static let markedCategories = ["criticism", "contempt", "defensiveness", "withdrawal"]
    /// The category `check` quotes back as worth keeping.
    package static let appreciationCategory = "positive"

    /// Looks at a message as the writer's own words to the other person.
    package func check(_ message: String, resources: String? = nil) -> CheckReport {
        let analysis = analyze(message)
        if analysis.isCrisis {
            return CheckReport(
                marked: [], appreciation: [], question: "", safety: reply(to: analysis, resources: resources),
                words: dialogue)
        }
        var marked: [CheckReport.Passage] = []
        var appreciation: [CheckReport.Passage] = []
        var taken: [Range<Int>] = []
        // Strongest category first, so a span two categories share is marked once, as the stronger.
        for pattern in analysis.patterns {
            let isMarked = Self.markedCategories.contains(pattern.categoryID)
            guard isMarked || pattern.categoryID == Self.appreciationCategory else { continue }
            for evidence in pattern.evidence {
                let span = analysis.text.originalSpan(of: evidence.tokens)
                guard !taken.contains(where: { $0.overlaps(span) }) else { continue }
                taken.append(span)
                let note =
                    checkRules.notes[evidence.ruleID] ?? category(pattern.categoryID)?.title ?? pattern.categoryID
                var antidote: (text: String, section: String)?
                if isMarked { antidote = fillAntidote(for: evidence, category: pattern.categoryID, in: analysis.text) }
                let passage = CheckReport.Passage(
                    categoryID: pattern.categoryID, ruleID: evidence.ruleID,
                    text: String(analysis.text.originalText(of: evidence.tokens)),
                    start: span.lowerBound, end: span.upperBound, note: note, antidote: antidote?.text,
                    section: antidote.map { title($0.section) })
                if isMarked { marked.append(passage) } else { appreciation.append(passage) }
            }
        }
        marked.sort { $0.start < $1.start }
        appreciation.sort { $0.start < $1.start }
        // The same message always gets the same question; a loaded set has at least one.
        let questions = dialogue.closingQuestions
        let seed = Int(StableHash.fnv1a(analysis.text.bytes) >> 7 % UInt64(max(questions.count, 1)))
        return CheckReport(
            marked: marked, appreciation: appreciation, question: questions.isEmpty ? "" : questions[seed].text,
            safety: nil, words: dialogue)
    }

    /// The first antidote of the rule (else of its category) whose placeholders all have a value.
    func fillAntidote(for evidence: Evidence, category: String, in text: NormalizedText) -> (
        text: String, section: String
    )? {
        let words = AntidoteWords(text: text, evidence: evidence)
        for antidote in checkRules.antidotes(rule: evidence.ruleID, category: category) {
            let values = antidote.placeholders.map { words.value($0) }
            guard values.allSatisfy({ $0 != nil }) else { continue }
            var filled = antidote.text
            for (name, value) in zip(antidote.placeholders, values) {
                filled = filled.replacingPlaceholder(name, with: value!)
            }
            return (filled, antidote.section)
        }
        return nil
    }
}

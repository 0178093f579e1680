/// Which of a category's prompts one message may get: those whose placeholders it can fill, and
/// whose `stance:` suits the stance of its top pattern.
///
/// A prompt without `stance:` answers any message. Speaker prompts are written for words the
/// writer addresses to the other person ("you never listen", perhaps a draft): what they want
/// the other to hear and how it may land. A speaker message gets them instead of the others
/// whenever one fits, and no other message ever gets one, since asking someone on the receiving
/// end how their words may land would turn the question on them. Receiver prompts are never
/// given to a speaker.
struct PromptChoice {
    let prompts: [Prompt]
    let source: PlaceholderSource
    let stance: Stance
    /// A speaker message with a speaker prompt that fits: it gets only those.
    private let speakerPromptsOnly: Bool

    init(prompts: [Prompt], source: PlaceholderSource, stance: Stance) {
        self.prompts = prompts
        self.source = source
        self.stance = stance
        var speakerFits = false
        if stance == .speaker {
            for index in prompts.indices
            where prompts[index].stance == .speaker && Self.fills(prompts[index].placeholders, source) {
                speakerFits = true
                break
            }
        }
        speakerPromptsOnly = speakerFits
    }

    /// Whether the message may get the prompt at `index`.
    func admits(_ index: Int) -> Bool {
        Self.suits(prompts[index].stance, stance, speakerPromptsOnly: speakerPromptsOnly)
            && Self.fills(prompts[index].placeholders, source)
    }

    private static func fills(_ placeholders: [String], _ source: PlaceholderSource) -> Bool {
        placeholders.allSatisfy { source.hasValue($0) }
    }

    private static func suits(_ promptStance: Stance?, _ stance: Stance, speakerPromptsOnly: Bool) -> Bool {
        switch stance {
        case .speaker: speakerPromptsOnly ? promptStance == .speaker : promptStance == nil
        case .receiver, .unknown: promptStance != .speaker
        }
    }

    /// The values a prompt's `stance:` may take (`unknown` is not one: a prompt for messages
    /// that name nobody is a prompt without a stance).
    static let stances: [Stance] = [.speaker, .receiver]

    /// Why a category's prompts would leave some message without a reply, or nil: a speaker
    /// message needs a speaker prompt or one without a stance, any other message a receiver
    /// prompt or one without a stance.
    static func coverageProblem(category: String, stances: [Stance?]) -> String? {
        guard !stances.isEmpty, !stances.contains(nil) else { return nil }
        if !stances.contains(.receiver) {
            return
                "category '\(category)' has only speaker prompts, so a message not addressed to the other person would get no reply; add a prompt without 'stance:'"
        }
        if !stances.contains(.speaker) {
            return
                "category '\(category)' has only receiver prompts, so a message addressed to the other person would get no reply; add a prompt without 'stance:'"
        }
        return nil
    }
}

extension RuleSet {
    /// The prompts `analysis` may get (before a conversation's rotation): the fallback prompts
    /// when nothing matched, none for crisis (it gets the safety response), else those of its
    /// top category that ``PromptChoice`` admits.
    package func promptPool(for analysis: Analysis) -> [Prompt] {
        guard let top = analysis.top else { return fallbackPrompts }
        guard top.categoryID != RuleSet.crisisID,
            let categoryIndex = categories.firstIndex(where: { $0.id == top.categoryID }),
            !top.evidence.isEmpty
        else { return [] }
        let choice = promptChoice(categories[categoryIndex].prompts, for: analysis, top: top)
        return choice.prompts.indices.filter(choice.admits).map { choice.prompts[$0] }
    }

    /// The choice among `prompts` (of the top pattern's category) for `analysis`.
    func promptChoice(_ prompts: [Prompt], for analysis: Analysis, top: PatternMatch) -> PromptChoice {
        let stance = stance(of: top, in: analysis.text)
        let person = otherPerson(for: top, stance: stance, in: analysis.text)
        let source = PlaceholderSource(text: analysis.text, evidence: top.evidence, person: person)
        return PromptChoice(prompts: prompts, source: source, stance: stance)
    }
}

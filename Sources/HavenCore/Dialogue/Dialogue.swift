/// The conversation layer: a pure state machine, (state, message) → (actions, new state).
///
/// No I/O: adapters carry text in and out and a store keeps the state. The same message in
/// the same state always gives the same turn, so transcripts can be tested exactly.
public struct Dialogue: Sendable {
    /// The rules replies come from.
    public let rules: RuleSet
    /// Commands, resources and notes.
    public let configuration: DialogueConfiguration

    /// A dialogue over `rules`.
    public init(rules: RuleSet, configuration: DialogueConfiguration = DialogueConfiguration()) {
        self.rules = rules
        self.configuration = configuration
    }

    /// Handles one message from a person whose conversation is in `state` (nil: a new conversation).
    public func handle(_ message: String, state: ConversationState?) -> DialogueTurn {
        var state = state ?? ConversationState()
        let text = message.trimmingSpaces
        if let (command, argument) = parseCommand(text) {
            return handleCommand(command, argument: argument, state: state)
        }
        guard !text.isEmpty else { return DialogueTurn(actions: [], state: state, patterns: [], promptID: nil) }
        let analysis = rules.analyze(text)
        let patterns = analysis.patterns.map(\.categoryID)
        // Safety first: crisis is answered even when the person has opted out.
        if state.stopped && !analysis.isCrisis {
            return DialogueTurn(actions: [], state: state, patterns: patterns, promptID: nil)
        }
        state.turns += 1
        var reply: Reply
        if analysis.isCrisis {
            reply = rules.reply(to: analysis, resources: configuration.safetyResources)
            state.awaitingFollowUp = false
            state.lastCategory = RuleSet.crisisID
        } else if analysis.patterns.isEmpty, state.awaitingFollowUp, let followUp = followUp(for: text, state: state) {
            reply = followUp
            state.awaitingFollowUp = false
        } else if analysis.patterns.isEmpty, let recalled = recall(&state) {
            reply = recalled
            state.awaitingFollowUp = false
        } else {
            let category = analysis.top?.categoryID
            let used = usedIDs(in: category, pool: rules.promptPool(for: analysis), state: &state)
            reply = rules.reply(to: analysis, avoiding: used, seed: UInt64(state.turns))
            state.lastCategory = category
            state.awaitingFollowUp = category != nil
        }
        remember(patterns, in: &state)
        state.usedPrompts.append(reply.promptID)
        if state.usedPrompts.count > 200 { state.usedPrompts.removeFirst(state.usedPrompts.count - 200) }
        var answer = reply.text
        if !state.greeted {
            state.greeted = true
            if configuration.firstContactNote && !analysis.isCrisis {
                answer =
                    rules.dialogue.text(.firstContact, ["prefix": configuration.commandPrefixes.first ?? "/"]) + " "
                    + answer
            }
        }
        return DialogueTurn(actions: [.reply(answer)], state: state, patterns: patterns, promptID: reply.promptID)
    }

    // MARK: - Prompts

    /// The used prompt ids of a category; when the prompts this message may get (`pool`: those
    /// its stance suits and its words can fill) are used up, their rotation starts again.
    private func usedIDs(in category: String?, pool: [Prompt], state: inout ConversationState) -> Set<String> {
        let prefix = (category ?? "none") + "."
        let followPrefix = prefix + "follow"
        func inPool(_ id: String) -> Bool { id.hasPrefix(prefix) && !id.hasPrefix(followPrefix) }
        let used = Set(state.usedPrompts.filter(inPool))
        if pool.allSatisfy({ used.contains($0.id) }) {
            // Only these start again: a speaker's round leaves the others' history as it is.
            let restarted = Set(pool.map(\.id))
            state.usedPrompts.removeAll(where: restarted.contains)
            return used.subtracting(restarted)
        }
        return used
    }

    /// A follow-up to a short answer ("yes", "I guess") after a category prompt.
    private func followUp(for text: String, state: ConversationState) -> Reply? {
        guard let categoryID = state.lastCategory, categoryID != RuleSet.crisisID,
            let category = rules.category(categoryID),
            !category.followUps.isEmpty, text.split(separator: " ").count <= configuration.shortAnswerWords
        else { return nil }
        let used = Set(state.usedPrompts)
        let fresh = category.followUps.filter { !used.contains($0.id) }
        let pool = fresh.isEmpty ? category.followUps : fresh
        let prompt = pool[state.turns % pool.count]
        return Reply(
            text: prompt.text, categoryID: categoryID, promptID: prompt.id, sections: rules.titles([prompt.section]))
    }

    /// "Earlier you mentioned…": brings back an earlier pattern when a message shows none.
    private func recall(_ state: inout ConversationState) -> Reply? {
        guard state.turns % 3 == 0,
            let earlier = state.memory.first(where: { $0 != RuleSet.crisisID && $0 != "positive" }),
            let category = rules.category(earlier)
        else { return nil }
        state.memory.removeAll { $0 == earlier }
        let text = rules.dialogue.text(.memory, ["title": category.title.lowercased()])
        return Reply(
            text: text, categoryID: nil, promptID: "memory.\(earlier)",
            sections: rules.titles(Array(category.sections.prefix(1))))
    }

    private func remember(_ patterns: [String], in state: inout ConversationState) {
        for pattern in patterns.prefix(2) where pattern != RuleSet.crisisID {
            state.memory.removeAll { $0 == pattern }
            state.memory.append(pattern)
        }
        if state.memory.count > ConversationState.memoryLimit {
            state.memory.removeFirst(state.memory.count - ConversationState.memoryLimit)
        }
    }

    // MARK: - Commands

    /// The command word and its argument, if `text` starts with a command prefix.
    func parseCommand(_ text: String) -> (String, String)? {
        let lowered = text.lowercased()
        for prefix in configuration.commandPrefixes where lowered.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count).trimmingSpaces
            let parts = rest.split(separator: " ", maxSplits: 1)
            guard let word = parts.first else { return ("help", "") }
            return (word.lowercased(), parts.count > 1 ? String(parts[1]).trimmingSpaces : "")
        }
        return nil
    }

    private func handleCommand(_ command: String, argument: String, state: ConversationState) -> DialogueTurn {
        var state = state
        let prefix = configuration.commandPrefixes.first ?? "/"
        func reply(_ text: String, keep: ConversationState? = nil) -> DialogueTurn {
            DialogueTurn(actions: [.reply(text)], state: keep ?? state, patterns: [], promptID: nil)
        }
        let words = rules.dialogue
        switch command {
        case "help":
            return reply(words.text(.help, ["prefix": prefix]))
        case "topics":
            let list = rules.topics.map { "\($0.id) (\($0.title))" }.joined(separator: "; ")
            return reply(
                words.text(.topics, ["topics": list, "topic": rules.topics.first?.id ?? "listen", "prefix": prefix]))
        case "tip":
            let wanted = argument.lowercased()
            guard !wanted.isEmpty else { return reply(words.text(.tipMissing, ["prefix": prefix])) }
            guard let topic = rules.topics.first(where: { $0.id == wanted || $0.title.lowercased() == wanted }),
                !topic.tips.isEmpty
            else {
                if let similar = Suggestion.closest(to: wanted, in: rules.topics.map(\.id)) {
                    return reply(words.text(.tipSimilar, ["topic": argument, "suggestion": similar, "prefix": prefix]))
                }
                return reply(words.text(.tipUnknown, ["topic": argument, "prefix": prefix]))
            }
            state.turns += 1
            return reply(words.text(.tip, ["title": topic.title, "tip": topic.tips[state.turns % topic.tips.count]]))
        case "reset":
            var fresh = ConversationState()
            fresh.greeted = true
            fresh.stopped = state.stopped
            return reply(words.text(.reset), keep: fresh)
        case "forget":
            return DialogueTurn(
                actions: [.forget, .reply(words.text(.forget))], state: nil, patterns: [], promptID: nil)
        case "stop":
            state.stopped = true
            return reply(words.text(.stop, ["prefix": prefix]))
        case "start":
            state.stopped = false
            state.greeted = true
            return reply(words.text(.start))
        default:
            return reply(words.text(.unknownCommand, ["command": command, "prefix": prefix]))
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

import HavenCore
import HavenCoreTesting
import Testing

/// A prompt's `stance:` says which messages it is for: a message addressed to the other person
/// gets the category's speaker prompts when one fits, else those without a stance; a report of
/// being on the receiving end, or words that name nobody, never get a speaker prompt.
struct PromptStanceTests {
    /// Prompts of each kind; their ids (`calls.N`) are what the tests expect.
    static let calls = """
        version: 1
        category: calls
        title: Calls
        rules:
          - id: calls.never
            phrases: ["{partner} never (call|calls)", "never calls back"]
          - id: calls.hangs-up
            regex: '(?<who>you|he|she) (?:hang|hangs) up'
            anchor: [hang up, hangs up]
        prompts:
          - text: Any one.
            section: listen
          - text: Any two, {clause}.
            section: listen
          - text: Speaker, {clause}.
            stance: speaker
            section: listen
          - text: Speaker, {who}.
            stance: speaker
            section: listen
          - text: Receiver, {them}.
            stance: receiver
            section: listen
          - text: Speaker again.
            stance: speaker
            section: listen
        examples:
          match: ["you never call"]
        """

    /// No speaker prompts: a speaker gets those without a stance.
    static let texts = """
        version: 1
        category: texts
        title: Texts
        rules:
          - id: texts.never
            phrases: ["{partner} never (text|texts)"]
        prompts:
          - text: Any text.
            section: listen
          - text: Receiver text.
            stance: receiver
            section: listen
        """

    /// The one speaker prompt names a capture only the regex rule has.
    static let waits = """
        version: 1
        category: waits
        title: Waits
        rules:
          - id: waits.keeps
            phrases: ["{partner} (keep|keeps) me waiting"]
          - id: waits.late
            regex: '(?<when>every (?:night|day)) (?:you|he|she) (?:are|is) late'
            anchor: [late]
        prompts:
          - text: Any wait.
            section: listen
          - text: Speaker, {when}.
            stance: speaker
            section: listen
        """

    static func rules() throws -> RuleSet {
        try TestRules.ruleSet(["calls.yaml": calls, "texts.yaml": texts, "waits.yaml": waits])
    }

    /// Every prompt a message can get, over enough seeds to reach each.
    static func promptIDs(_ message: String, _ rules: RuleSet) -> Set<String> {
        let analysis = rules.analyze(message)
        return Set((0..<UInt64(40)).map { rules.reply(to: analysis, seed: $0).promptID })
    }

    @Test(arguments: [
        // Speaker: only speaker prompts, and only those whose placeholders it fills.
        ("you never call", ["calls.3", "calls.6"]),
        ("you hang up on me", ["calls.3", "calls.4", "calls.6"]),
        // Receiver and unknown: never a speaker prompt; receiver prompts too.
        ("he never calls", ["calls.1", "calls.2", "calls.5"]),
        ("my husband never calls", ["calls.1", "calls.2", "calls.5"]),
        ("the bank never calls back", ["calls.1", "calls.2", "calls.5"]),
        // No speaker prompt in the category: those without a stance, never a receiver prompt.
        ("you never text", ["texts.1"]),
        ("he never texts", ["texts.1", "texts.2"]),
        // A speaker prompt that cannot be filled: as if there were none.
        ("you keep me waiting", ["waits.1"]),
        ("every night you are late", ["waits.2"]),
        ("every night he is late", ["waits.1"]),
    ])
    func theStanceChoosesThePrompts(message: String, expected: [String]) throws {
        #expect(Self.promptIDs(message, try Self.rules()) == Set(expected))
    }

    /// In a conversation, a speaker's prompts rotate without repeats even with other messages
    /// in between: the rotation starts again when the prompts the message can get are used up.
    @Test func speakerPromptsRotateInAConversation() throws {
        let dialogue = Dialogue(rules: try Self.rules())
        var state: ConversationState?
        var speaker: [String] = []
        var receiver: [String] = []
        for (index, message) in [
            "you never call", "you never call", "he never calls", "you never call", "he never calls", "you never call",
        ].enumerated() {
            let turn = dialogue.handle("\(message), time \(index)", state: state)
            state = turn.state
            if message.hasPrefix("you") {
                speaker.append(turn.promptID ?? "")
            } else {
                receiver.append(turn.promptID ?? "")
            }
        }
        #expect(Set(speaker.prefix(2)) == ["calls.3", "calls.6"], "\(speaker)")
        #expect(Set(speaker.suffix(2)) == ["calls.3", "calls.6"], "the second round has no repeat either: \(speaker)")
        #expect(receiver.allSatisfy { ["calls.1", "calls.2", "calls.5"].contains($0) }, "\(receiver)")
        #expect(Set(receiver).count == receiver.count, "\(receiver)")
    }

    // MARK: - Loading and lint

    static func problems(_ prompts: String, followUps: String = "") -> [String] {
        let file = """
            version: 1
            category: calls
            title: Calls
            rules:
              - id: calls.never
                phrases: ["{partner} never (call|calls)"]
            prompts:
            \(prompts)
            \(followUps)
            """
        return TestRules.load(["calls.yaml": file]).diagnostics.map(\.description)
    }

    @Test(arguments: [
        // A stance outside the two, at its place, with a hint.
        (
            "  - text: Tell me more.\n    stance: speeker\n    section: listen", "",
            "calls.yaml:9:13: error: 'stance' must be one of speaker, receiver, not 'speeker' (did you mean 'speaker'?) [bad-value]"
        ),
        // 'unknown' is a rule's stance, not a prompt's: a prompt for any message has none.
        (
            "  - text: Tell me more.\n    stance: unknown\n    section: listen", "",
            "calls.yaml:9:13: error: 'stance' must be one of speaker, receiver, not 'unknown' [bad-value]"
        ),
        // A speaker prompt's placeholders are checked like any prompt's.
        (
            "  - text: Tell me more.\n    section: listen\n  - text: When you tell {them} {clasue}, what then?\n    stance: speaker\n    section: listen",
            "",
            "calls.yaml:10:11: error: placeholder '{clasue}' names no capture (did you mean 'clause'?) [unknown-placeholder]"
        ),
        // Only speaker prompts: every other message would get no reply.
        (
            "  - text: When you tell {them} {clause}, what then?\n    stance: speaker\n    section: listen", "",
            "calls.yaml:8:11: error: category 'calls' has only speaker prompts, so a message not addressed to the other person would get no reply; add a prompt without 'stance:' [prompt-coverage]"
        ),
        (
            "  - text: What do you wish {they} knew?\n    stance: receiver\n    section: listen", "",
            "calls.yaml:8:11: error: category 'calls' has only receiver prompts, so a message addressed to the other person would get no reply; add a prompt without 'stance:' [prompt-coverage]"
        ),
        // Follow-ups answer a short reply, not a pattern: no stance.
        (
            "  - text: Tell me more.\n    section: listen",
            "follow_ups:\n  - text: Go on.\n    stance: speaker\n    section: listen",
            "calls.yaml:12:5: error: unknown key 'stance' in a follow-up or fallback prompt [unknown-key]"
        ),
    ])
    func lintReportsABadStanceAtItsPlace(prompts: String, followUps: String, expected: String) {
        let problems = Self.problems(prompts, followUps: followUps)
        #expect(problems.contains(expected), "\(problems)")
    }

    @Test func speakerAndReceiverPromptsTogetherAnswerEveryone() {
        let both =
            "  - text: Tell {them} more.\n    stance: speaker\n    section: listen\n  - text: Tell me more.\n    stance: receiver\n    section: listen"
        #expect(Self.problems(both).isEmpty)
    }

    @Test func theStanceSurvivesASnapshot() throws {
        let rules = try Self.rules()
        let restored = try #require(RuleSet(snapshot: rules.snapshot()))
        let stances = rules.categories.flatMap(\.prompts).map(\.stance)
        #expect(stances.contains(.speaker) && stances.contains(.receiver) && stances.contains(nil))
        #expect(restored.categories.flatMap(\.prompts).map(\.stance) == stances)
    }
}

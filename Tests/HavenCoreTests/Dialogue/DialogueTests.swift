import HavenCore
import HavenCoreTesting
import Testing

/// The conversation state machine, driven with scripted transcripts over the shipped rules.
struct DialogueTests {
    func dialogue() throws -> Dialogue {
        Dialogue(rules: try TestRules.shippedRuleSet())
    }

    /// Runs messages in order and returns each turn.
    func transcript(_ messages: [String], from start: ConversationState? = nil) throws -> [DialogueTurn] {
        let dialogue = try dialogue()
        var state = start
        var turns: [DialogueTurn] = []
        for message in messages {
            let turn = dialogue.handle(message, state: state)
            turns.append(turn)
            state = turn.state
        }
        return turns
    }

    @Test func opensWithTheFirstContactNoteOnce() throws {
        let turns = try transcript(["hello", "hello again"])
        #expect(turns[0].replies.first?.hasPrefix("Hi, I'm Haven") == true)
        #expect(turns[0].replies.first?.contains("not a therapist or an emergency service") == true)
        #expect(turns[1].replies.first?.hasPrefix("Hi, I'm Haven") == false)
    }

    /// A speaker ("you never…") rotates through the speaker prompts, a receiver through the others.
    @Test(arguments: ["you never listen to me", "he never listens to me"])
    func neverRepeatsACategoryPromptUntilThePoolIsUsedUp(message: String) throws {
        let dialogue = try dialogue()
        let pool = dialogue.rules.promptPool(for: dialogue.rules.analyze(message)).map(\.id)
        #expect(pool.count >= 2)
        let messages = (0..<(pool.count * 2)).map { "\(message), attempt \($0)" }
        let turns = try transcript(messages)
        let prompts = turns.compactMap(\.promptID)
        #expect(prompts.allSatisfy { pool.contains($0) })
        let firstRound = Array(prompts.prefix(pool.count))
        #expect(Set(firstRound).count == pool.count, "first \(pool.count) replies must all differ: \(firstRound)")
        let secondRound = Array(prompts.dropFirst(pool.count))
        #expect(Set(secondRound).count == pool.count, "the rotation starts again after the pool is used up")
    }

    @Test func followsUpAShortAnswerToACategoryPrompt() throws {
        let dialogue = try dialogue()
        let followUps = try #require(dialogue.rules.category("criticism")).followUps.map(\.id)
        let turns = try transcript(["He never listens to me", "yes", "I guess"])
        #expect(turns[0].promptID?.hasPrefix("criticism.") == true)
        #expect(followUps.contains(turns[1].promptID ?? ""))
        // A follow-up is given once; the next short answer gets an ordinary reply.
        #expect(!followUps.contains(turns[2].promptID ?? ""))
    }

    @Test func answersALongerAnswerAfreshRatherThanWithAFollowUp() throws {
        let turns = try transcript([
            "He never listens to me", "well we went to the market and then talked about the weekend plans",
        ])
        #expect(turns[1].promptID?.contains("follow") == false)
    }

    @Test func answersCrisisWithTheSafetyResponseWhateverTheState() throws {
        let turns = try transcript([
            "He never listens to me", "yes", "he hit me last night", "/stop", "I want to kill myself",
        ])
        #expect(turns[2].promptID == "safety")
        #expect(turns[2].replies.first?.contains("emergency") == true)
        #expect(turns[4].promptID == "safety", "safety comes before an opt-out")
    }

    @Test func aStoppedPersonGetsNothingUntilStart() throws {
        let turns = try transcript(["/stop", "you never listen to me", "hello?", "/start", "you never listen to me"])
        #expect(turns[0].replies.count == 1)
        #expect(turns[1].actions.isEmpty)
        #expect(turns[2].actions.isEmpty)
        #expect(turns[3].replies.first == "I'm here. What's on your mind?")
        #expect(turns[4].replies.count == 1)
    }

    @Test func forgetDeletesEverythingAndKeepsNoState() throws {
        let turns = try transcript(["you never listen to me", "/forget"])
        #expect(turns[1].actions.first == .forget)
        #expect(turns[1].state == nil)
        #expect(turns[1].replies.first?.contains("deleted everything") == true)
    }

    @Test func resetStartsAfreshWithoutTheNote() throws {
        let turns = try transcript(["you never listen to me", "/reset", "you never listen to me"])
        #expect(turns[1].state?.turns == 0)
        #expect(turns[1].state?.usedPrompts.isEmpty == true)
        #expect(turns[2].replies.first?.hasPrefix("Hi, I'm Haven") == false)
    }

    @Test func listsTopicsAndGivesTips() throws {
        let turns = try transcript(["/topics", "/tip listen", "/tip lisen", "/help", "/nonsense"])
        #expect(turns[0].replies.first?.contains("listen (Listen to Your Partner)") == true)
        #expect(turns[1].replies.first?.hasPrefix("Listen to Your Partner: ") == true)
        #expect(turns[2].replies.first?.contains("Did you mean /tip listen?") == true)
        #expect(turns[3].replies.first?.contains("/forget") == true)
        #expect(turns[4].replies.first == "I don't know the command 'nonsense'. Try /help.")
    }

    @Test func acceptsTheChatRoomPrefix() throws {
        let dialogue = Dialogue(rules: try self.dialogue().rules, configuration: .chatRoom)
        #expect(dialogue.handle("!haven help", state: nil).replies.first?.contains("!haven topics") == true)
        #expect(dialogue.handle("/topics", state: nil).replies.first?.hasPrefix("Topics") == true)
    }

    @Test func remembersEarlierPatternsAsIdsOnly() throws {
        let turns = try transcript([
            "he never listens to me", "we had dinner", "the weather was nice", "we watched a film",
        ])
        let state = try #require(turns.last?.state)
        #expect(state.memory.contains("criticism") || turns.contains { $0.promptID == "memory.criticism" })
        #expect(
            turns.contains { $0.replies.first?.hasPrefix("Earlier you mentioned something that sounded like") == true })
        // The state holds ids and counters, never the person's words.
        let encoded = "\(state)"
        #expect(!encoded.contains("listens") && !encoded.contains("dinner"))
    }
}

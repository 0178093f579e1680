import HavenCore
import HavenCoreTesting
import Testing

/// With the shipped rules, a message addressed to the other person gets a prompt written for it
/// (what the writer wants them to hear, how it may land), and the same complaint reported about
/// "he", "she" or a partner never does.
struct SpeakerPromptTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let category: String
        let speaker: String
        let receiver: String
        var testDescription: String { category }
    }

    /// Per category, one complaint in two persons (our own words).
    static let cases: [Case] = [
        Case(
            category: "criticism", speaker: "you never help around the house",
            receiver: "he never helps around the house"),
        Case(
            category: "contempt", speaker: "you laughed at me in front of my sister",
            receiver: "he laughed at me in front of my sister"),
        Case(
            category: "defensiveness", speaker: "you never take responsibility for anything",
            receiver: "my husband never takes responsibility for anything"),
        Case(
            category: "withdrawal", speaker: "you stopped talking to me for a week",
            receiver: "she stopped talking to me for a week"),
        Case(category: "unheard", speaker: "you keep interrupting me", receiver: "he keeps interrupting me"),
        Case(
            category: "unreliable", speaker: "you forgot my birthday again",
            receiver: "my wife forgot my birthday again"),
        Case(
            category: "boundaries", speaker: "you go through my phone when I sleep",
            receiver: "he goes through my phone when I sleep"),
        Case(category: "positive", speaker: "you make me feel so loved", receiver: "she makes me feel so loved"),
    ]

    /// The stance of every prompt the message gets, over enough seeds to reach each.
    func promptStances(_ message: String, category: String, rules: RuleSet) throws -> [Stance?] {
        let analysis = rules.analyze(message)
        #expect(analysis.top?.categoryID == category, "\(message)")
        let prompts = try #require(rules.category(category)).prompts
        return try (0..<UInt64(prompts.count * 2)).map { seed in
            let reply = rules.reply(to: analysis, seed: seed)
            return try #require(prompts.first { $0.id == reply.promptID }, "\(reply.promptID)").stance
        }
    }

    @Test(arguments: cases)
    func aMessageToThePartnerGetsASpeakerPrompt(_ item: Case) throws {
        let rules = try TestRules.shippedRuleSet()
        let prompts = try #require(rules.category(item.category)).prompts
        #expect(prompts.filter { $0.stance == .speaker }.count >= 2, "at least two speaker prompts")
        let analysis = rules.analyze(item.speaker)
        #expect(rules.stance(of: try #require(analysis.top), in: analysis.text) == .speaker)
        #expect(try promptStances(item.speaker, category: item.category, rules: rules).allSatisfy { $0 == .speaker })
    }

    @Test(arguments: cases)
    func aReportAboutThePartnerNeverGetsOne(_ item: Case) throws {
        let rules = try TestRules.shippedRuleSet()
        let analysis = rules.analyze(item.receiver)
        #expect(rules.stance(of: try #require(analysis.top), in: analysis.text) == .receiver)
        #expect(try promptStances(item.receiver, category: item.category, rules: rules).allSatisfy { $0 != .speaker })
    }

    /// Safety and unsafe have no speaker prompts: the safety response, and the prompts for anyone.
    @Test func crisisAndUnsafeAnswerASpeakerAsBefore() throws {
        let rules = try TestRules.shippedRuleSet()
        #expect(
            try promptStances("I'm scared of how you will react", category: "unsafe", rules: rules).allSatisfy {
                $0 == nil
            })
        let crisis = rules.analyze("you pushed me down the stairs")
        #expect(rules.reply(to: crisis).promptID == "safety")
    }

    /// Every speaker prompt is written for words to the partner: it never quotes them back as
    /// "it sounds like" (a report), and it names an article section.
    @Test func speakerPromptsAskWhatTheWriterWantsHeard() throws {
        let rules = try TestRules.shippedRuleSet()
        for category in rules.categories {
            for prompt in category.prompts where prompt.stance == .speaker {
                #expect(!prompt.text.hasPrefix("It sounds like"), "\(prompt.id)")
                #expect(rules.topic(prompt.section) != nil, "\(prompt.id)")
                #expect(prompt.text.hasSuffix("?"), "\(prompt.id): one question")
            }
        }
    }
}

import HavenCore
import HavenCoreTesting
import Testing

/// The rule files in `Prompts/`: they load, and every example they carry passes.
struct ShippedRulesTests {
    static let requiredCategories = [
        "criticism", "contempt", "defensiveness", "withdrawal", "unheard", "unreliable", "boundaries", "unsafe",
        "crisis", "positive",
    ]

    func rules() throws -> RuleSet {
        try TestRules.shippedRuleSet()
    }

    @Test func loadWithoutErrors() throws {
        _ = try rules()
        #expect(!TestRules.shipped.diagnostics.hasErrors)
    }

    @Test func haveEveryRequiredCategory() throws {
        let ids = Set(try rules().categories.map(\.id))
        for id in Self.requiredCategories { #expect(ids.contains(id), "missing category \(id)") }
    }

    @Test func passEveryExample() throws {
        let results = try rules().checkExamples()
        #expect(results.count > 300)
        for result in results where !result.passed {
            Issue.record(
                "\(result.example.location): \(result.categoryID) \(result.expectation.rawValue): \"\(result.example.value)\": \(result.failure ?? "")"
            )
        }
    }

    @Test(arguments: requiredCategories)
    func shipEnoughExamples(category id: String) throws {
        let category = try #require(try rules().category(id))
        #expect(category.mustMatch.count >= 12)
        #expect(category.mustNotMatch.count >= 8)
        let examples = category.mustMatch.map(\.value)
        #expect(examples.contains { $0.contains("\u{2019}") }, "needs a curly apostrophe example")
        #expect(examples.contains { $0 == $0.lowercased() }, "needs an all-lowercase example")
    }

    @Test(arguments: [
        "my boss always schedules meetings at 5", "I never thought I'd enjoy gardening", "leave the keys on the table",
    ])
    func leaveNeutralUsesOfTriggerWordsAlone(message: String) throws {
        #expect(try rules().analyze(message).patterns.isEmpty)
    }

    @Test func rankCrisisFirstAndAnswerItWithTheSafetyResponse() throws {
        let rules = try rules()
        let (analysis, reply) = rules.respond(to: "You never listen to me and yesterday he hit me")
        #expect(analysis.patterns.first?.categoryID == "crisis")
        #expect(analysis.patterns.contains { $0.categoryID == "criticism" })
        #expect(reply.promptID == "safety")
        #expect(reply.text.contains("emergency"))
        #expect(reply.text.contains("findahelpline.com"))
        #expect(rules.reply(to: analysis, resources: "Call 112.").text.contains("Call 112."))
    }

    @Test func reflectThePersonsOwnWords() throws {
        let rules = try rules()
        let (analysis, _) = rules.respond(to: "He never listens to me when I talk about work")
        let top = try #require(analysis.top)
        #expect(top.categoryID == "criticism")
        var texts: Set<String> = []
        for seed in 0..<20 { texts.insert(rules.reply(to: analysis, seed: UInt64(seed)).text) }
        #expect(texts.contains { $0.contains("he never listens to you when you talk about work") })
        #expect(texts.allSatisfy { !$0.contains("\n") && !$0.contains("{") })
    }

    @Test func answerMessagesWithNoPatternFromTheFallbackPool() throws {
        let rules = try rules()
        let (analysis, reply) = rules.respond(to: "We went to the market today")
        #expect(analysis.patterns.isEmpty)
        #expect(rules.fallbackPrompts.map(\.text).contains(reply.text))
    }

    @Test func nameAnArticleSectionForEveryPrompt() throws {
        let rules = try rules()
        let topicIDs = Set(rules.topics.map(\.id))
        for category in rules.categories {
            for prompt in category.prompts + category.followUps { #expect(topicIDs.contains(prompt.section)) }
        }
    }
}

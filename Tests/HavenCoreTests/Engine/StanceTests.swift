import HavenCore
import HavenCoreTesting
import Testing

/// The stance of a pattern comes from the person of its words: the same words addressed to
/// the partner ("you…") are the writer's, about "he", "she" or "my wife" the writer receives them.
struct StanceTests {
    /// Per category: a message to the partner, and the same message about a third person.
    static let pairs: [(category: String, speaker: String, receiver: String)] = [
        ("criticism", "you never listen to me", "he never listens to me"),
        ("contempt", "you roll your eyes at me", "he rolls his eyes at me"),
        ("defensiveness", "you never admit you are wrong", "he never admits he is wrong"),
        ("withdrawal", "you give me the silent treatment", "my wife gives me the silent treatment"),
        ("unheard", "you never hear me", "she never hears me"),
        ("unreliable", "you always cancel our plans", "he always cancels our plans"),
        ("unsafe", "i walk on eggshells around you", "i walk on eggshells around him"),
        ("boundaries", "you always check my phone", "my husband always checks my phone"),
        ("positive", "you always make me laugh", "he always makes me laugh"),
        ("crisis", "you hit me last night", "she hit me last night"),
    ]

    func stance(_ message: String, category: String, rules: RuleSet) throws -> Stance {
        let analysis = rules.analyze(message)
        let pattern = try #require(
            analysis.patterns.first { $0.categoryID == category }, "\(category) not found in '\(message)'")
        return rules.stance(of: pattern, in: analysis.text)
    }

    @Test(arguments: pairs)
    func personDecidesTheStance(pair: (category: String, speaker: String, receiver: String)) throws {
        let rules = try TestRules.shippedRuleSet()
        #expect(try stance(pair.speaker, category: pair.category, rules: rules) == .speaker)
        #expect(try stance(pair.receiver, category: pair.category, rules: rules) == .receiver)
    }

    @Test func wordsThatNameNobodyAreUnknown() throws {
        let rules = try TestRules.shippedRuleSet()
        #expect(try stance("it is not my fault", category: "defensiveness", rules: rules) == .unknown)
    }

    @Test func texting() throws {
        // The normaliser reads "u" as "you" and "bf" as "boyfriend".
        let rules = try TestRules.shippedRuleSet()
        #expect(try stance("u never listen to me", category: "criticism", rules: rules) == .speaker)
        #expect(try stance("my bf never listens to me", category: "criticism", rules: rules) == .receiver)
    }

    @Test func aRuleCanFixItsStance() throws {
        let rules = try TestRules.ruleSet([
            "cold.yaml": """
            version: 1
            category: cold
            title: Cold
            rules:
              - id: cold.freeze
                stance: speaker
                phrases: ["{partner} (freezes|freeze) [me] out"]
              - id: cold.shrug
                phrases: ["{partner} (shrugs|shrug)"]
            prompts:
              - text: Tell me more.
                section: listen
            """
        ])
        #expect(try stance("he freezes me out", category: "cold", rules: rules) == .speaker)
        #expect(try stance("he shrugs", category: "cold", rules: rules) == .receiver)
    }

    @Test func aStanceOutsideTheThreeIsAnError() {
        let result = TestRules.load([
            "cold.yaml": """
            version: 1
            category: cold
            title: Cold
            rules:
              - id: cold.freeze
                stance: speeker
                phrases: ["{partner} freezes"]
            prompts:
              - text: Tell me more.
                section: listen
            """
        ])
        #expect(result.ruleSet == nil)
        #expect(
            result.diagnostics.map(\.description).contains {
                $0.contains(
                    "'stance' must be one of speaker, receiver, unknown, not 'speeker' (did you mean 'speaker'?)")
            })
    }

    @Test func jsonlCarriesTheStance() throws {
        let rules = try TestRules.shippedRuleSet()
        let analysis = rules.analyze("he never listens to me")
        var out: [UInt8] = []
        ReflectionRecord.jsonLine(analysis, rules.reply(to: analysis), stances: rules.stances(of: analysis), into: &out)
        #expect(
            String(decoding: out, as: UTF8.self).hasPrefix(
                #"{"patterns":[{"id":"criticism","score":0.85,"stance":"receiver","evidence":"#))
    }

    @Test func theStanceSurvivesASnapshot() throws {
        let rules = try TestRules.ruleSet([
            "cold.yaml": """
            version: 1
            category: cold
            title: Cold
            rules:
              - id: cold.freeze
                stance: speaker
                phrases: ["{partner} freezes"]
            prompts:
              - text: Tell me more.
                section: listen
            """
        ])
        let restored = try #require(RuleSet(snapshot: rules.snapshot()))
        #expect(try stance("he freezes", category: "cold", rules: restored) == .speaker)
    }
}

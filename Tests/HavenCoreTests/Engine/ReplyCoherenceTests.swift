import Foundation
import HavenCore
import HavenCoreTesting
import Testing

/// A reply that reflects a clause naming "he", "she" or "my husband" goes on referring to that
/// same person, never to "they".
struct ReplyCoherenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let category: String
        let message: String
        /// Words that refer to the person the message names, as the reply should.
        let person: [String]
        var testDescription: String { "\(category): \(message)" }
    }

    static let he = ["he", "him", "his"]
    static let she = ["she", "her"]

    static let cases: [Case] = [
        Case(category: "criticism", message: "he never listens to me when I talk about work", person: he),
        Case(category: "criticism", message: "she never listens to me when I talk about work", person: she),
        Case(
            category: "criticism", message: "my husband never listens to me when I talk about work",
            person: ["your husband"]),
        Case(
            category: "criticism", message: "my ex husband never listens to me when I talk about work",
            person: ["your ex husband"]),
        Case(category: "contempt", message: "he rolls his eyes at me", person: he),
        Case(category: "contempt", message: "she rolls her eyes at me", person: she),
        Case(category: "contempt", message: "my wife rolls her eyes at me", person: ["your wife"]),
        Case(category: "defensiveness", message: "he never admits he is wrong", person: he),
        Case(category: "defensiveness", message: "she never admits she is wrong", person: she),
        Case(category: "defensiveness", message: "my boyfriend never admits he is wrong", person: ["your boyfriend"]),
        Case(category: "withdrawal", message: "he gives me the silent treatment", person: he),
        Case(category: "withdrawal", message: "she gives me the silent treatment", person: she),
        Case(category: "withdrawal", message: "my wife gives me the silent treatment", person: ["your wife"]),
        Case(category: "unheard", message: "he never hears me", person: he),
        Case(category: "unheard", message: "she never hears me", person: she),
        Case(category: "unheard", message: "my partner never hears me", person: ["your partner"]),
        Case(category: "unreliable", message: "he always cancels our plans", person: he),
        Case(category: "unreliable", message: "she always cancels our plans", person: she),
        Case(category: "unreliable", message: "my girlfriend always cancels our plans", person: ["your girlfriend"]),
        Case(category: "unsafe", message: "i walk on eggshells around him", person: he),
        Case(category: "unsafe", message: "i walk on eggshells around her", person: she),
        Case(category: "boundaries", message: "he always checks my phone", person: he),
        Case(category: "boundaries", message: "she always checks my phone", person: she),
        Case(category: "boundaries", message: "my husband always checks my phone", person: ["your husband"]),
        Case(category: "positive", message: "he always makes me laugh", person: he),
        Case(category: "positive", message: "she always makes me laugh", person: she),
        Case(category: "positive", message: "my wife always makes me laugh", person: ["your wife"]),
    ]

    /// Every prompt the message can get (one seed per prompt of its category and more), each
    /// free of "they", and together naming the person.
    @Test(arguments: cases)
    func everyReplyNamesTheSamePerson(_ item: Case) throws {
        let rules = try TestRules.shippedRuleSet()
        let analysis = rules.analyze(item.message)
        #expect(analysis.top?.categoryID == item.category)
        let prompts = try #require(rules.category(item.category)).prompts
        var namesThePerson = false
        for seed in 0..<UInt64(prompts.count * 2) {
            let reply = rules.reply(to: analysis, seed: seed)
            // "A few more of them" (moments, in a positive prompt) is the one "them" that is not a person.
            #expect(
                Self.theyCount(reply.text.replacingOccurrences(of: "a few more of them", with: "")) == 0,
                "\(reply.text)")
            let text = reply.text.lowercased()
            if item.person.contains(where: { text.contains(" \($0) ") || text.contains(" \($0)?") }) {
                namesThePerson = true
            }
        }
        #expect(namesThePerson)
    }

    /// How many times "they", "them" or "their" stand as words.
    static func theyCount(_ text: String) -> Int {
        text.lowercased().split { !$0.isLetter && $0 != "'" }.filter {
            ["they", "them", "their", "they'd", "they're"].contains($0)
        }.count
    }

    /// The example, whole.
    @Test func theQuestionSaysHim() throws {
        let rules = try TestRules.shippedRuleSet()
        let analysis = rules.analyze("he never listens to me when I talk about work")
        let prompts = try #require(rules.category("criticism")).prompts
        let first = try #require(prompts.firstIndex { $0.text.hasPrefix("It sounds like {clause}.") })
        let replies = (0..<UInt64(prompts.count * 2)).map { rules.reply(to: analysis, seed: $0).text }
        #expect(first >= 0)
        #expect(
            replies.contains(
                "It sounds like he never listens to you when you talk about work. What do you wish he understood about how that feels?"
            ))
    }

    /// Words to the partner still say "they": they get a speaker prompt, which asks what the
    /// writer wants "them" to understand.
    @Test func theUnnamedStayThey() throws {
        let rules = try TestRules.shippedRuleSet()
        for message in ["you never listen to me when I talk about work"] {
            let analysis = rules.analyze(message)
            let replies = (0..<UInt64(20)).map { rules.reply(to: analysis, seed: $0).text }
            #expect(
                replies.contains(
                    "When you tell them they never listen to you when you talk about work, what is the one thing you most want them to understand?"
                ))
        }
    }
}

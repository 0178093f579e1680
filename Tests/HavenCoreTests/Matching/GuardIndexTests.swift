import HavenCoreTesting
import Testing

@testable import HavenCore

/// Indexed guard hits (used for long messages) must give exactly what checking every pair gives.
struct GuardIndexTests {
    @Test func indexedGuardsGiveTheSameAnalysisAsCheckingEveryPair() throws {
        let rules = try TestRules.shippedRuleSet()
        let examples = rules.categories.flatMap { $0.mustMatch.map(\.value) + $0.mustNotMatch.map(\.value) }
        // Each example alone, then runs of examples as one long clause and as many clauses.
        var messages = examples
        for start in stride(from: 0, to: examples.count, by: 7) {
            let run = examples[start..<min(examples.count, start + 25)]
            messages.append(run.joined(separator: " "))
            messages.append(run.joined(separator: ", "))
        }
        var indexedWithGuards = 0
        for message in messages {
            let text = rules.normalize(message)
            let everyPair = rules.analyze(text, trace: false, guardIndexAbove: .max)
            let indexed = rules.analyze(text, trace: false, guardIndexAbove: 0)
            #expect(indexed.patterns == everyPair.patterns, "\(message)")
            #expect(indexed.suppressed == everyPair.suppressed, "\(message)")
            if !everyPair.suppressed.isEmpty
                || everyPair.patterns.contains(where: { $0.evidence.contains { !$0.loweredBy.isEmpty } })
            {
                indexedWithGuards += 1
            }
        }
        // The comparison means something only if guards fired in many of the messages.
        #expect(indexedWithGuards > 100)
    }

    @Test func aLongClauseFullOfGuardedMatchesIsHandledInLinearTime() throws {
        let rules = try TestRules.shippedRuleSet()
        let message = String(repeating: "i am not saying you never listen ", count: 20_000)
        let analysis = rules.analyze(message)
        #expect(!analysis.patterns.contains { $0.categoryID == "criticism" })
        #expect(analysis.suppressed.count >= 20_000)
    }
}

@testable import HavenCore
import Testing

struct PhraseExpanderTests {
    let expander = PhraseExpander(sets: ["partner": ["you", "my (husband|wife)"]])

    @Test func expandsSetsAlternativesAndOptionalWords() throws {
        let slots = try expander.expand("{partner} [just] (walk|walks) out")
        #expect(slots.count == 1)
        #expect(Set(slots[0].variants) == [
            "you just walk out", "you walk out", "you just walks out", "you walks out",
            "my husband just walk out", "my husband walk out", "my husband just walks out", "my husband walks out",
            "my wife just walk out", "my wife walk out", "my wife just walks out", "my wife walks out",
        ])
    }

    @Test func splitsGapsIntoSlots() throws {
        let slots = try expander.expand("you ... never listen")
        #expect(slots.map(\.variants) == [["you"], ["never listen"]])
        #expect(slots.map(\.gapBefore) == [0, PhraseExpander.gapWords])
    }

    @Test func cutsLargeProductsIntoAdjacentSlots() throws {
        let many = (1...20).map { "w\($0)" }.joined(separator: "|")
        let slots = try expander.expand("(\(many)) (\(many))")
        #expect(slots.count == 2)
        #expect(slots.map(\.variants.count) == [20, 20])
        #expect(slots.map(\.gapBefore) == [0, 0])
    }

    @Test func reportsUnknownSetsWithASuggestion() {
        #expect(throws: PhraseExpander.Failure.self) { try expander.expand("{partnr} never") }
        do {
            _ = try expander.expand("{partnr} never")
        } catch {
            #expect(error.message == "unknown set '{partnr}' (did you mean 'partner'?)")
        }
    }

    @Test(arguments: ["(a|b", "a)", "... you", "[]"])
    func rejectsMalformedPhrases(phrase: String) {
        #expect(throws: PhraseExpander.Failure.self) { try expander.expand(phrase) }
    }
}

import Testing

@testable import HavenCore

struct PhraseExpanderTests {
    let expander = PhraseExpander(sets: ["partner": ["you", "my (husband|wife)"]])

    @Test func expandsSetsAlternativesAndOptionalWords() throws {
        let slots = try expander.expand("{partner} [just] (walk|walks) out")
        // A set is a slot of its own, shared by every phrase that uses it; the rest stands beside it.
        #expect(slots.map(\.gapBefore) == [0, 0])
        #expect(Set(slots[0].variants) == ["you", "my husband", "my wife"])
        #expect(Set(slots[1].variants) == ["just walk out", "walk out", "just walks out", "walks out"])
    }

    @Test func keepsOptionalWordsWithTheSlotTheyBelongTo() throws {
        let slots = try expander.expand("afraid [that] {partner} will snap [again]")
        #expect(
            slots.map { Set($0.variants) } == [
                ["afraid that", "afraid"], ["you", "my husband", "my wife"], ["will snap again", "will snap"],
            ])
        // A leading optional word cannot be a slot alone (it could match nothing): the set joins it.
        let leading = try expander.expand("[really] {partner} snaps")
        #expect(
            leading.map { Set($0.variants) } == [
                [
                    "really you snaps", "you snaps", "really my husband snaps", "my husband snaps",
                    "really my wife snaps", "my wife snaps",
                ]
            ])
        // A trailing optional word joins the slot before it.
        let trailing = try expander.expand("{partner} [again]")
        #expect(
            trailing.map { Set($0.variants) } == [
                ["you again", "you", "my husband again", "my husband", "my wife again", "my wife"]
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

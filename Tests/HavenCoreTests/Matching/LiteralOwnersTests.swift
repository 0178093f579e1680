import HavenCoreTesting
import Testing

@testable import HavenCore

/// Equal literals are merged into one automaton pattern that keeps every owner, in order.
struct LiteralOwnersTests {
    @Test func mergesEqualLiteralsAndKeepsTheirOwnersInOrder() {
        let literals = [" you ", " never ", " you ", " you ", " never "].map { Array($0.utf8) }
        let owners: [OwnerCode] = [.slot(3), .phrase(rule: 1), .guardPhrase(guard: 2), .slot(7), .anchor(rule: 4)]
        let (distinct, table) = LiteralOwners.grouping(literals, owners)
        #expect(distinct.map { String(decoding: $0, as: UTF8.self) } == [" you ", " never "])
        #expect(table.count == 2)
        #expect(
            table.all.range(of: 0).map { table.all.values[$0] } == [owners[0], owners[2], owners[3]].map(\.rawValue))
        #expect(table.all.range(of: 1).map { table.all.values[$0] } == [owners[1], owners[4]].map(\.rawValue))
        #expect(table.owns(0, OwnerCode.slot(7)))
        #expect(table.owns(0, OwnerCode.slot(3)))
        #expect(!table.owns(0, OwnerCode.slot(5)))
        #expect(!table.owns(1, OwnerCode.slot(7)))
        // What a match reports at once (no slots), and the slots, sorted, for the chain search.
        #expect(table.direct.range(of: 0).map { table.direct.values[$0] } == [owners[2].rawValue])
        #expect(table.direct.range(of: 1).map { table.direct.values[$0] } == [owners[1], owners[4]].map(\.rawValue))
        #expect(table.slots.range(of: 0).map { table.slots.values[$0] } == [owners[0], owners[3]].map(\.rawValue))
        #expect(table.slots.range(of: 1).isEmpty)
    }

    /// The shipped rules add a literal's slots in rising order, so only a set that adds them out
    /// of order shows whether the slot lists are sorted for their binary search.
    @Test func findsEverySlotOfALiteralWhateverOrderTheSlotsWereAddedIn() {
        let owners: [OwnerCode] = [.slot(9), .slot(2), .slot(70), .slot(5), .slot(1)]
        let (_, table) = LiteralOwners.grouping(owners.map { _ in Array(" you ".utf8) }, owners)
        #expect(table.slots.values == [1, 2, 5, 9, 70].map { OwnerCode.slot($0).rawValue })
        for owner in owners { #expect(table.owns(0, owner), "\(owner.index)") }
        #expect(!table.owns(0, .slot(6)))
    }

    @Test func listsThePhrasesEachLiteralTriggersInTheOrderItsSlotsWereAdded() {
        let literals = [" you ", " never ", " you "].map { Array($0.utf8) }
        let owners: [OwnerCode] = [.slot(2), .slot(0), .slot(1)]
        let (_, table) = LiteralOwners.grouping(literals, owners)
        // Phrase 0 starts its check at slot 0, phrases 1 and 3 at slot 2, phrase 2 at slot 1.
        let phrases = [([0], 0), ([2, 5], 0), ([1, 2], 0), ([5, 2], 1)].map { slots, trigger in
            GapPhrase(owner: .phrase(rule: 0), slots: slots, gaps: slots.map { _ in 0 }, trigger: trigger)
        }
        let triggered = SlotChainTable(phrases, owners: table).triggered
        #expect(triggered.range(of: 0).map { triggered.values[$0] } == [1, 3, 2])
        #expect(triggered.range(of: 1).map { triggered.values[$0] } == [0])
    }

    @Test func refusesATableWhoseStartsDoNotRise() {
        #expect(LiteralOwners(restoring: [0, 2, 1], codes: [1, 2]) == nil)
        #expect(LiteralOwners(restoring: [0, 1, 1], codes: [1]) == nil)
        #expect(LiteralOwners(restoring: [0, 1, 3], codes: [1, 2, 3]) != nil)
        #expect(LiteralOwners(restoring: [0, 1, 3], codes: [1, -2, 3]) == nil)
    }

    @Test func theShippedRulesShareLiterals() throws {
        let rules = try TestRules.shippedRuleSet()
        #expect(rules.matcher.literalOwners.count < rules.literalCount)
        // Every literal as added keeps its owner after grouping: none lost, none doubled.
        #expect(
            rules.matcher.literalOwners.all.values.count + rules.matcher.anchorOwners.all.values.count
                == rules.matcher.authoring?.owners.count)
        #expect(rules.matcher.anchorOwners.all.values.allSatisfy { OwnerCode(unchecked: $0).kind == .anchor })
    }
}

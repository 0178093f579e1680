@testable import HavenCore
import HavenTesting
import Testing

/// Equal literals are merged into one automaton pattern that keeps every owner, in order.
struct LiteralOwnersTests {
    @Test func mergesEqualLiteralsAndKeepsTheirOwnersInOrder() {
        let literals = [" you ", " never ", " you ", " you ", " never "].map { Array($0.utf8) }
        let owners: [PatternOwner] = [.slot(3), .phrase(rule: 1), .guardPhrase(guard: 2), .slot(7), .anchor(rule: 4)]
        let (distinct, table) = LiteralOwners.grouping(literals, owners)
        #expect(distinct.map { String(decoding: $0, as: UTF8.self) } == [" you ", " never "])
        #expect(table.count == 2)
        #expect(table.range(of: 0).map { table.codes[$0] } == [owners[0].code, owners[2].code, owners[3].code])
        #expect(table.range(of: 1).map { table.codes[$0] } == [owners[1].code, owners[4].code])
        #expect(table.owns(0, PatternOwner.slot(7).code))
        #expect(!table.owns(1, PatternOwner.slot(7).code))
    }

    @Test(arguments: [PatternOwner.phrase(rule: 0), .slot(12), .guardPhrase(guard: 5), .anchor(rule: 1_000)])
    func ownerCodesRoundTrip(owner: PatternOwner) {
        #expect(PatternOwner(code: Int(owner.code)).code == owner.code)
    }

    @Test func refusesATableWhoseStartsDoNotRise() {
        #expect(LiteralOwners(restoring: [0, 2, 1], codes: [1, 2]) == nil)
        #expect(LiteralOwners(restoring: [0, 1, 1], codes: [1]) == nil)
        #expect(LiteralOwners(restoring: [0, 1, 3], codes: [1, 2, 3]) != nil)
    }

    @Test func theShippedRulesShareLiterals() throws {
        let rules = try TestRules.shippedRuleSet()
        #expect(rules.literalOwners.count < rules.literalCount)
        #expect(rules.literalOwners.codes.count == rules.literalCount)
    }
}

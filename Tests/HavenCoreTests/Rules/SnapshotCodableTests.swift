import HavenCoreTesting
import Testing

@testable import HavenCore

/// Each stored type writes and reads itself: a value round-trips alone, and a tag it does not know is refused.
struct SnapshotCodableTests {
    func roundTrip<T: SnapshotCodable>(_ value: T) -> T? {
        var writer = SnapshotWriter()
        writer.value(value)
        guard var reader = SnapshotReader(writer.finished(version: 1), version: 1), let restored = reader.value(T.self),
            reader.isAtEnd
        else {
            return nil
        }
        return restored
    }

    func guardRule(_ scope: Guard.Scope) -> Guard {
        let location = SourceLocation(file: "lexicon.yaml", line: 3, column: 5)
        return Guard(
            id: "not-saying", categoryIndex: nil, scope: scope, effect: .lower, why: "a denial",
            phrases: [Located(value: "not saying", location: location)],
            location: location)
    }

    @Test(arguments: Guard.Scope.Kind.allCases)
    func aGuardKeepsItsScope(kind: Guard.Scope.Kind) throws {
        let scope = Guard.Scope(kind, window: 4)
        let restored = try #require(roundTrip(guardRule(scope)))
        #expect(restored.scope == scope)
        #expect(restored.scope.kind.rawValue == kind.rawValue)
        #expect(restored.effect == .lower)
        #expect(restored.phrases.map(\.value) == ["not saying"])
    }

    @Test func aGuardWithAScopeNoRuleFileNamesIsRefused() throws {
        var writer = SnapshotWriter()
        writer.value(guardRule(.clause))
        var bytes = writer.finished(version: 1)
        // The scope is saved by its rule-file name: make "clause" a word no scope has, and
        // mend the checksum (after the 8-byte magic and version) so only the reader can object.
        let name = Array("clause".utf8)
        let at = try #require(bytes.indices.first { bytes[$0..<min(bytes.count, $0 + name.count)].elementsEqual(name) })
        bytes[at] = UInt8(ascii: "k")
        withUnsafeBytes(of: checksum(bytes[24...]).littleEndian) { bytes.replaceSubrange(16..<24, with: $0) }
        var reader = try #require(SnapshotReader(bytes, version: 1))
        #expect(reader.value(Guard.self) == nil)
    }

    @Test func aGapPhraseOwnedByASlotIsRefused() {
        #expect(
            roundTrip(GapPhrase(owner: .guardPhrase(guard: 3), slots: [1, 2], gaps: [0, 2], trigger: 1))?.owner
                == .guardPhrase(guard: 3))
        #expect(roundTrip(GapPhrase(owner: .slot(3), slots: [1, 2], gaps: [0, 2], trigger: 1)) == nil)
    }

    @Test func theShippedModelTypesRoundTrip() throws {
        let rules = try TestRules.shippedRuleSet()
        for category in rules.categories { #expect(roundTrip(category)?.prompts == category.prompts) }
        for rule in rules.rules { #expect(roundTrip(rule)?.regexSource?.value == rule.regexSource?.value) }
        #expect(roundTrip(rules.matcher)?.literalCount == rules.literalCount)
        #expect(roundTrip(rules.matcher.normalizer)?.substitutions == rules.matcher.normalizer.substitutions)
    }
}

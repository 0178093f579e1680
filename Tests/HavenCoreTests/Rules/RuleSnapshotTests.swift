import HavenCore
import HavenCoreTesting
import Testing

/// A compiled rule set saved with `snapshot()` and restored with `init(snapshot:)` behaves like the original.
struct RuleSnapshotTests {
    func shipped() throws -> RuleSet {
        try TestRules.shippedRuleSet()
    }

    /// Every example of every category, plus messages that exercise captures, guards and the safety tier.
    func messages(_ rules: RuleSet) -> [String] {
        rules.categories.flatMap { $0.mustMatch.map(\.value) + $0.mustNotMatch.map(\.value) } + [
            "I'm not saying you never listen, but you never listen", "he said I was worthless and then he hit me",
            "hello", "", "U NEVER LISTEN 😔😔", "my boss always schedules meetings at 5",
        ]
    }

    func jsonLines(_ rules: RuleSet, _ messages: [String]) -> [String] {
        messages.map { message in
            let analysis = rules.analyze(message)
            var buffer: [UInt8] = []
            ReflectionRecord.jsonLine(
                analysis, rules.reply(to: analysis), stances: rules.stances(of: analysis), into: &buffer)
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    @Test func restoresASetThatAnswersEveryMessageAlike() throws {
        let original = try shipped()
        let restored = try #require(RuleSet(snapshot: original.snapshot()))
        #expect(restored.literalCount == original.literalCount)
        #expect(restored.automatonStates == original.automatonStates)
        #expect(restored.files == original.files)
        #expect(restored.categories.map(\.id) == original.categories.map(\.id))
        #expect(restored.rules.map(\.id) == original.rules.map(\.id))
        #expect(restored.guards.map(\.id) == original.guards.map(\.id))
        let sample = messages(original)
        #expect(sample.count > 200)
        #expect(jsonLines(restored, sample) == jsonLines(original, sample))
        #expect(restored.checkExamples().allSatisfy { $0.passed })
    }

    @Test func savesTheSameBytesTwice() throws {
        let rules = try shipped()
        #expect(rules.snapshot() == rules.snapshot())
        #expect(try #require(RuleSet(snapshot: rules.snapshot())).snapshot() == rules.snapshot())
    }

    @Test(arguments: ["flip a byte", "truncate", "extend", "empty", "other version", "other magic"])
    func refusesDamagedBytes(damage: String) throws {
        var bytes = try shipped().snapshot()
        switch damage {
        case "flip a byte": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(100)
        case "extend": bytes += [0, 0, 0, 0, 0, 0, 0, 0]
        case "empty": bytes = []
        case "other version": bytes[8] &+= 1
        default: bytes[0] = UInt8(ascii: "X")
        }
        #expect(RuleSet(snapshot: bytes) == nil)
    }

    @Test func startsWhereItIsTold() throws {
        let bytes = try shipped().snapshot()
        let header: [UInt8] = Array("key\n".utf8)
        #expect(RuleSet(snapshot: header + bytes, from: header.count) != nil)
        #expect(RuleSet(snapshot: header + bytes, from: 1) == nil)
    }
}

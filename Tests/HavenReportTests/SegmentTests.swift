import HavenCore
import HavenCoreTesting
import Testing

@testable import HavenReport

/// Marking the words that fired in a message.
struct SegmentTests {
    @Test func mergesOverlappingSpansAndKeepsTheRestPlain() {
        let segments = Segment.cut("ab cd ef gh", at: [3..<5, 4..<8, 0..<0])
        #expect(
            segments == [Segment("ab ", marked: false), Segment("cd ef", marked: true), Segment(" gh", marked: false)])
    }

    @Test func cutsAtUTF8OffsetsPastNonASCIIText() {
        let text = "café — you never listen"
        let start = text.utf8.count - "you never listen".utf8.count
        #expect(
            Segment.cut(text, at: [start..<text.utf8.count]) == [
                Segment("café — ", marked: false), Segment("you never listen", marked: true),
            ])
    }

    @Test func marksTheEvidenceOfTheRulesThatFired() throws {
        let rules = try TestRules.ruleSet(EvaluationFixture.ruleFiles)
        let segments = Segment.highlighting(rules.analyze("Honestly, YOU never listen & he walked out"))
        #expect(segments.filter(\.marked).map(\.text) == ["YOU never listen", "walked out"])
        #expect(segments.map(\.text).joined() == "Honestly, YOU never listen & he walked out")
        let criticismOnly = Segment.highlighting(
            rules.analyze("you never listen and he walked out"), categories: ["withdrawal"])
        #expect(criticismOnly.filter(\.marked).map(\.text) == ["walked out"])
    }

    @Test func anEmptyMessageIsOnePlainSegment() {
        #expect(Segment.cut("", at: []) == [Segment("", marked: false)])
    }
}

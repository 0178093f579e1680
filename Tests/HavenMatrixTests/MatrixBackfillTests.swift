import HavenMatrix
import HavenRuntime
import Testing

/// Where a back-fill behind a limited `/sync` timeline stops, and what it hands back: pure values.
struct MatrixBackfillTests {
    static let bot = "@haven:example.org"

    static func message(_ id: String) -> MatrixEvent {
        MatrixEvent(
            .object([
                "type": .string("m.room.message"), "sender": .string("@alice:example.org"), "event_id": .string(id),
                "content": .object(["msgtype": .string("m.text"), "body": .string("words of \(id)")]),
            ]))!
    }

    /// Numbered messages "$1", "$2", … as a room's history, oldest first.
    static func history(_ range: ClosedRange<Int>) -> [MatrixEvent] { range.map { message("$\($0)") } }

    /// Runs a back-fill over `older` (oldest first) in pages of `limits.pageSize`, as a server would
    /// serve `/messages?dir=b`; returns the back-fill and the tokens it asked for.
    static func run(
        older: [MatrixEvent], timeline: [MatrixEvent] = [], limits: MatrixBackfill.Limits, known: Set<String> = [],
        repeatsTokenAtStart: Bool = false
    ) -> (backfill: MatrixBackfill, tokens: [String]) {
        var backfill = MatrixBackfill(limits: limits, timeline: timeline)
        let newestFirst = Array(older.reversed())
        var tokens: [String] = []
        var token: String? = "t0"
        while let from = token {
            tokens.append(from)
            let offset = Int(from.dropFirst())!
            let chunk = Array(newestFirst.dropFirst(offset).prefix(limits.pageSize))
            let atStart = offset + chunk.count >= newestFirst.count
            let end: String? = atStart ? (repeatsTokenAtStart ? from : nil) : "t\(offset + chunk.count)"
            token = backfill.add(chunk, from: from, end: end) { known.contains($0.id) }
        }
        return (backfill, tokens)
    }

    @Test func pagesBackToTheLastKnownEventAndReturnsWhatCameAfterItOldestFirst() {
        // $1…$10 were seen before; $11…$130 were missed behind the timeline.
        let (backfill, tokens) = Self.run(older: Self.history(1...130), limits: .init(pageSize: 50), known: ["$10"])
        #expect(backfill.outcome == .reachedKnownEvent)
        #expect(backfill.missed.map(\.id) == (11...130).map { "$\($0)" })
        #expect(tokens == ["t0", "t50", "t100"], "three pages of 50")
    }

    @Test func stopsAtTheStartOfHistory() {
        let (backfill, _) = Self.run(older: Self.history(1...70), limits: .init(pageSize: 50))
        #expect(backfill.outcome == .reachedStart)
        #expect(backfill.missed.count == 70)
        let repeated = Self.run(older: Self.history(1...70), limits: .init(pageSize: 50), repeatsTokenAtStart: true)
        #expect(repeated.backfill.outcome == .reachedStart, "an end token equal to from is the start too")
        #expect(repeated.tokens == ["t0", "t50"])
    }

    @Test func keepsTheNewestEventsWhenTheEventLimitIsReached() {
        let (backfill, _) = Self.run(older: Self.history(1...500), limits: .init(pageSize: 50, maxEvents: 120))
        #expect(backfill.outcome == .bounded)
        #expect(backfill.missed.map(\.id) == (381...500).map { "$\($0)" }, "the 120 newest, oldest first")
    }

    @Test func stopsAtThePageLimitEvenWhenPagesAreEmpty() {
        var backfill = MatrixBackfill(limits: .init(pageSize: 50, maxPages: 3))
        var token: String? = "t0"
        var requests = 0
        while let from = token {
            requests += 1
            token = backfill.add([], from: from, end: from + "x") { _ in false }
        }
        #expect(requests == 3)
        #expect(backfill.outcome == .bounded)
        #expect(MatrixBackfill.Limits(pageSize: 50, maxEvents: 1000).maxPages == 25, "20 full pages and 5 to spare")
    }

    @Test func neverGathersAnEventOfTheTimelineTwice() {
        let timeline = Self.history(9...12)
        let (backfill, _) = Self.run(older: Self.history(1...10), timeline: timeline, limits: .init(pageSize: 4))
        #expect(backfill.missed.map(\.id) == (1...8).map { "$\($0)" })
    }

    @Test func isNeededOnlyForALimitedTimelineWithNothingKnownInIt() {
        let timeline = Self.history(5...9)
        #expect(!MatrixBackfill.isNeeded(limited: false, timeline: timeline) { _ in false })
        #expect(MatrixBackfill.isNeeded(limited: true, timeline: timeline) { _ in false })
        #expect(!MatrixBackfill.isNeeded(limited: true, timeline: timeline) { $0.id == "$5" })
    }
}

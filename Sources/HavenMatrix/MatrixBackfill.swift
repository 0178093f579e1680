/// Paging back through a room's history for the events a `limited` `/sync` timeline left out.
///
/// A `/sync` timeline holds at most the filter's limit of events; when more arrived (Haven was
/// stopped, or a burst came between two syncs) the homeserver marks it `limited` and gives a
/// `prev_batch` token. Pages of `GET /rooms/{roomId}/messages?dir=b&from=…` go back from there,
/// newest first, until an event Haven already knew: the last event it saw in the room, an event
/// it answered, or its own join. Pure: the service fetches the pages, this decides where to stop.
public struct MatrixBackfill: Sendable {
    /// How far one back-fill may go.
    public struct Limits: Sendable, Equatable {
        /// Events asked for per request.
        public var pageSize: Int
        /// Requests per back-fill: a server may answer empty pages that still point further back.
        public var maxPages: Int
        /// Events gathered per back-fill: older missed events are given up, with a log line.
        public var maxEvents: Int

        public init(pageSize: Int = 50, maxPages: Int? = nil, maxEvents: Int = 1000) {
            self.pageSize = max(1, pageSize)
            self.maxEvents = max(1, maxEvents)
            // Enough full pages for maxEvents, plus a few short or empty ones.
            self.maxPages = maxPages ?? (self.maxEvents + self.pageSize - 1) / self.pageSize + 5
        }
    }

    /// Why the back-fill stopped.
    public enum Outcome: Sendable, Equatable {
        /// It reached an event Haven already knew: nothing was missed before it.
        case reachedKnownEvent
        /// The room's history (as far as the bot may see it) has no older events.
        case reachedStart
        /// A limit stopped it: older missed events are not answered.
        case bounded
    }

    public let limits: Limits
    /// Gathered so far, newest first, as the pages come.
    private var newestFirst: [MatrixEvent] = []
    private var seen: Set<String>
    /// How many pages were taken.
    public private(set) var pages = 0
    /// Why it stopped; nil while more pages are wanted.
    public private(set) var outcome: Outcome?

    /// Starts a back-fill behind `timeline` (whose events are never gathered twice).
    public init(limits: Limits, timeline: [MatrixEvent] = []) {
        self.limits = limits
        seen = Set(timeline.map(\.id).filter { !$0.isEmpty })
    }

    /// Whether a timeline needs a back-fill: it was `limited` and holds no event Haven already knew.
    public static func isNeeded(limited: Bool, timeline: [MatrixEvent], isKnown: (MatrixEvent) throws -> Bool) rethrows
        -> Bool
    {
        guard limited else { return false }
        return try !timeline.contains(where: isKnown)
    }

    /// Takes one page of `/messages?dir=b` from `token`: its `chunk` (newest first) and its `end`.
    ///
    /// - Returns: the token for the next page, or nil when the back-fill is over (see ``outcome``).
    public mutating func add(
        _ chunk: [MatrixEvent], from token: String, end: String?, isKnown: (MatrixEvent) throws -> Bool
    ) rethrows -> String? {
        guard outcome == nil else { return nil }
        pages += 1
        for event in chunk {
            if try isKnown(event) {
                outcome = .reachedKnownEvent
                return nil
            }
            if !event.id.isEmpty, !seen.insert(event.id).inserted { continue }
            if newestFirst.count >= limits.maxEvents {
                outcome = .bounded
                return nil
            }
            newestFirst.append(event)
        }
        // No `end` means no older events; some servers repeat `from` as `end` at the start instead.
        guard let end, end != token else {
            outcome = .reachedStart
            return nil
        }
        guard pages < limits.maxPages else {
            outcome = .bounded
            return nil
        }
        return end
    }

    /// The missed events, oldest first: the order they are answered in.
    public var missed: [MatrixEvent] { newestFirst.reversed() }
}

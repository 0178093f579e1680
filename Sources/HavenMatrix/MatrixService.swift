import Foundation
import HavenCore
import HavenHTTP
public import HavenRuntime
import HavenStore
import Logging
public import ServiceLifecycle

/// The Matrix adapter: a `/sync` loop that answers each message exactly once.
///
/// What keeps it from the usual bot failures:
/// - the first sync after a fresh start only establishes the position: old messages are not answered;
/// - `next_batch` is stored after each batch is handled, and each answered event id is stored, so a
///   restart neither loses nor repeats a reply; the transaction id comes from the event id, so a
///   send retried after a crash is a no-op on the server;
/// - a `limited` timeline (more events than one sync holds, as after a stop) is back-filled with
///   `/messages` to the last event seen in the room, so every missed message is answered, oldest first;
/// - "after the bot joined" is the homeserver's timeline order, never a clock comparison;
/// - 429 waits `retry_after_ms` and sends the same request again; other errors back off with jitter
///   up to a cap, never in a hot loop; a rejected token stops the adapter with a clear message;
/// - a watchdog restarts a sync that made no progress for three poll timeouts;
/// - encrypted rooms get one plain notice that Haven cannot read them, and Haven leaves.
public struct MatrixService: Service {
    let settings: MatrixSettings
    let client: MatrixClient
    let store: any StateStore
    let policy: MatrixMessagePolicy
    /// What happens to each event: shared with the application-service mode.
    let handler: MatrixEventHandler
    let backfillLimits: MatrixBackfill.Limits
    let logger: Logger

    static let adapter = MatrixEventHandler.adapter

    /// Creates the service; it syncs when it runs.
    ///
    /// - Parameters:
    ///   - client: the homeserver connection, with the access token.
    ///   - context: the conversations, store and logger the server shares with every adapter.
    public init(settings: MatrixSettings, client: MatrixClient, context: AdapterContext) {
        self.settings = settings
        self.client = client
        self.store = context.store
        self.policy = MatrixMessagePolicy(settings: settings)
        backfillLimits = MatrixBackfill.Limits(maxEvents: settings.maxBackfillEvents)
        var logger = context.logger
        logger[metadataKey: "haven.adapter"] = "matrix"
        self.logger = logger
        handler = MatrixEventHandler(
            settings: settings, client: client, conversations: context.conversations, store: context.store,
            logger: logger)
    }

    private var key: String { "matrix." + settings.userID }

    public func run() async throws {
        var backoff = Backoff(cap: .seconds(settings.maxBackoffSeconds))
        let pollTimeout = Duration.seconds(settings.syncTimeoutSeconds)
        var filterID: String?
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if filterID == nil { filterID = try await ensureFilter() }
                let since = try store.value(for: key + ".next_batch")
                let filter = filterID ?? ""
                let client = client
                // The first sync after a fresh start only establishes the position.
                let batch = try await watchdog(limit: pollTimeout * 3) {
                    try await client.sync(since: since, filter: filter, timeout: since == nil ? .zero : pollTimeout)
                }
                let arrived = ContinuousClock.now
                guard let nextBatch = batch["next_batch"]?.string else { throw MatrixError.malformed("/sync") }
                if since == nil {
                    try await handleInvites(batch)
                    try rememberLastEvents(batch)
                    logger.notice("matrix position established; earlier messages are not answered")
                } else {
                    try await handle(batch, arrived: arrived)
                }
                try store.setValue(nextBatch, for: key + ".next_batch")
                if failures > 0 {
                    logger.notice("matrix sync recovered", metadata: ["haven.matrix.failures": "\(failures)"])
                }
                failures = 0
                backoff.reset()
            } catch let error as MatrixError {
                if case .unauthorized = error {
                    logger.critical("matrix: \(error)")
                    throw error
                }
                failures += 1
                let delay = backoff.delay(after: error)
                logger.warning(
                    "matrix sync failed; retrying",
                    metadata: [
                        "haven.matrix.error": "\(error)", "haven.matrix.failures": "\(failures)",
                        "haven.matrix.retry_in_ms": "\(delay.milliseconds)",
                    ])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                let delay = backoff.next()
                logger.error(
                    "matrix adapter error; retrying",
                    metadata: ["haven.matrix.error": "\(error)", "haven.matrix.retry_in_ms": "\(delay.milliseconds)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
    }

    // MARK: - Sync

    /// Uploads the sync filter once and keeps its id: a small timeline, lazy-loaded members, no presence.
    private func ensureFilter() async throws -> String {
        let filter: JSONValue = .object([
            "presence": .object(["not_types": .array([.string("*")])]),
            "account_data": .object(["not_types": .array([.string("*")])]),
            "room": .object([
                "timeline": .object(["limit": .number(50)]),
                "state": .object(["lazy_load_members": .bool(true)]),
                "ephemeral": .object(["not_types": .array([.string("*")])]),
                "account_data": .object(["not_types": .array([.string("*")])]),
            ]),
        ])
        let fingerprint = Conversations.pseudonym(String(decoding: filter.bytes, as: UTF8.self))
        if let id = try store.value(for: key + ".filter." + fingerprint) { return id }
        let id = try await client.uploadFilter(filter)
        try store.setValue(id, for: key + ".filter." + fingerprint)
        return id
    }

    /// Runs `body`, giving up when it made no progress within `limit`.
    private func watchdog<T: Sendable>(limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws
        -> T
    {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                logger.warning(
                    "matrix sync made no progress; restarting it",
                    metadata: ["haven.matrix.watchdog_s": "\(limit.components.seconds)"])
                throw MatrixError.unreachable("no progress for \(limit.components.seconds) s")
            }
            return value
        }
    }

    private func handle(_ batch: JSONValue, arrived: ContinuousClock.Instant) async throws {
        try await handleInvites(batch)
        for (room, data) in batch["rooms"]?["join"]?.object ?? [:] {
            try await handleRoom(room, data, arrived: arrived)
        }
    }

    private func handleInvites(_ batch: JSONValue) async throws {
        for (room, data) in batch["rooms"]?["invite"]?.object ?? [:] {
            let events = (data["invite_state"]?["events"]?.array ?? []).compactMap(MatrixEvent.init)
            let inviter = events.first { $0.type == "m.room.member" && $0.stateKey == settings.userID }?.sender ?? ""
            try await handler.invited(to: room, by: inviter)
        }
    }

    /// Records where each joined room stands at a fresh start: a later back-fill stops there.
    private func rememberLastEvents(_ batch: JSONValue) throws {
        for (room, data) in batch["rooms"]?["join"]?.object ?? [:] {
            try rememberLastEvent((data["timeline"]?["events"]?.array ?? []).compactMap(MatrixEvent.init), in: room)
        }
    }

    /// The last event Haven went through in `room` (answered or not): where a back-fill stops.
    private func rememberLastEvent(_ timeline: [MatrixEvent], in room: String) throws {
        guard let last = timeline.last(where: { !$0.id.isEmpty }) else { return }
        try store.setValue(last.id, for: key + ".last_event." + room)
    }

    private func handleRoom(_ room: String, _ data: JSONValue, arrived: ContinuousClock.Instant) async throws {
        var timeline = (data["timeline"]?["events"]?.array ?? []).compactMap(MatrixEvent.init)
        if data["timeline"]?["limited"]?.bool == true {
            timeline =
                try await backfill(room, behind: timeline, from: data["timeline"]?["prev_batch"]?.string) + timeline
        }
        let state = (data["state"]?["events"]?.array ?? []).compactMap(MatrixEvent.init)
        if let count = data["summary"]?["m.joined_member_count"]?.number {
            try store.setValue(String(Int(count)), for: key + ".members." + room)
        }
        if (state + timeline).contains(where: { $0.type == "m.room.encryption" }) {
            try await handler.leaveEncrypted(room)
            return
        }
        let members = Int(try store.value(for: key + ".members." + room) ?? "2") ?? 2
        for event in policy.sinceJoin(timeline) {
            try await handler.answer(event, in: room, isDirect: members <= 2, arrived: arrived)
        }
        try rememberLastEvent(timeline, in: room)
    }

    /// The events a `limited` timeline left out, oldest first: pages of `/messages` back from
    /// `prev_batch` to an event Haven already knew (the last one it saw here, one it answered, or
    /// its own join), within ``backfillLimits``.
    private func backfill(_ room: String, behind timeline: [MatrixEvent], from prevBatch: String?) async throws
        -> [MatrixEvent]
    {
        let lastSeen = try store.value(for: key + ".last_event." + room)
        let isKnown = { (event: MatrixEvent) throws -> Bool in
            if event.id == lastSeen || policy.isOwnJoin(event) { return true }
            return try !event.id.isEmpty && store.wasHandled(event.id, adapter: Self.adapter)
        }
        guard try MatrixBackfill.isNeeded(limited: true, timeline: timeline, isKnown: isKnown) else { return [] }
        let pseudonym = Conversations.pseudonym(room)
        guard var token = prevBatch else {
            logger.warning(
                "matrix timeline was cut short without a prev_batch token; missed messages cannot be fetched",
                metadata: ["haven.matrix.room": "\(pseudonym)"])
            return []
        }
        var backfill = MatrixBackfill(limits: backfillLimits, timeline: timeline)
        let client = client
        let pageSize = backfillLimits.pageSize
        var refusal: MatrixError?
        while true {
            let from = token
            let page: JSONValue
            do {
                page = try await retrying { try await client.messages(room: room, from: from, limit: pageSize) }
            } catch let error as MatrixError where !error.isTransient {
                if case .unauthorized = error { throw error }
                // It would be refused again on every retry of the batch, stalling every room: answer
                // what there is instead, and say what was given up.
                refusal = error
                break
            }
            let chunk = (page["chunk"]?.array ?? []).compactMap(MatrixEvent.init)
            guard let next = try backfill.add(chunk, from: from, end: page["end"]?.string, isKnown: isKnown) else {
                break
            }
            token = next
        }
        let missed = backfill.missed
        var metadata: Logger.Metadata = [
            "haven.matrix.room": "\(pseudonym)", "haven.matrix.backfill_events": "\(missed.count)",
            "haven.matrix.backfill_pages": "\(backfill.pages)",
        ]
        if let refusal {
            metadata["haven.matrix.error"] = "\(refusal)"
            logger.warning(
                "matrix back-fill failed; older missed messages in this room are not answered", metadata: metadata)
        } else if backfill.outcome == .bounded {
            logger.warning(
                "matrix back-fill stopped at its limit; older missed messages in this room are not answered",
                metadata: metadata)
        } else {
            logger.info("matrix timeline back-filled", metadata: metadata)
        }
        return missed
    }

    /// Sends a request until it succeeds, as every event's requests are sent.
    private func retrying<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await handler.retrying(body)
    }
}

/// The HTTP client's exponential backoff (0.5 s, 1 s, 2 s … up to a cap), counted across attempts;
/// the jitter keeps at least half of each step so a failing homeserver never sees a tight loop.
struct Backoff {
    private let policy: RetryPolicy
    private var attempt = 0

    init(cap: Duration) { policy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: cap, jitter: .full) }

    mutating func next() -> Duration {
        attempt += 1
        return policy.backoff(beforeRetry: attempt, randomFraction: .random(in: 0.5...1.0))
    }

    /// What a 429 asks for, else the next step.
    mutating func delay(after error: MatrixError) -> Duration {
        if case .rateLimited(let milliseconds) = error { return .milliseconds(milliseconds) }
        return next()
    }

    mutating func reset() { attempt = 0 }
}

extension MatrixService: CustomStringConvertible {
    /// Just the name: service-lifecycle logs services, and the default description would print
    /// every stored property, secrets included.
    public var description: String { "MatrixService" }
}

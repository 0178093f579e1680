import Foundation
import HavenHTTP
import HavenRuntime
import HavenStore
import Logging
import ServiceLifecycle

/// The outbox worker: delivers queued replies, retries failures, gives up into the dead-letter table.
///
/// Rows are picked when due, oldest first and one per target at a time (so each destination
/// gets its replies in order), and are removed only after a 2xx. A 408, a 429, any 5xx or a
/// network failure is retried with jittered exponential backoff (``RetryPolicy``), or after
/// the server's own delay: `Retry-After`, or Discord's `retry_after` (seconds, in the JSON
/// body). Any other status, or the last allowed attempt, moves the row to `dead_letter` with a
/// log line that names the endpoint, the row and the reason, never the message text or URL.
/// Rows left from an earlier run are delivered first thing at start.
///
/// Several instances may deliver one outbox (a shared PostgreSQL store): each pass claims the
/// rows it sends under this instance's ``instance`` name, with a lease that covers one attempt
/// (the request's timeout, the connect timeout and a margin), and removes, reschedules or
/// dead-letters only rows it still holds. An instance that dies mid-attempt leaves its claim;
/// once the lease is over another instance sends the row again. So delivery is at least once:
/// in that narrow window a receiver may get a row twice, with the same `webhook-id` (stable
/// per row) to recognise it by.
final class OutboxDeliverer: Sendable {
    private let store: any StateStore
    private let endpoints: [String: ResolvedEndpoint]
    private let delivery: WebhookSettings.Delivery
    private let client: HTTPClient
    private let board: ActivityBoard
    private let logger: Logger
    private let signal = DeliverySignal()
    /// This instance's name on the rows it claims.
    let instance: String
    /// How long a claim lasts: one attempt (request and connect timeouts) and a margin.
    private let leaseMilliseconds: Int64
    /// Attempts allowed for slash-command replies, whose endpoint may have no outbound settings.
    private static let defaultMaxAttempts = WebhookSettings.Outbound(format: .generic).maxAttempts
    /// Rows delivered concurrently in one pass (each to a different target).
    private static let batch = 16
    /// The HTTP client's connect timeout (``WebhookService``), part of one attempt's length.
    static let connectTimeoutSeconds: Int64 = 5

    /// A worker over `store`, delivering for `endpoints`.
    init(
        store: any StateStore, endpoints: [ResolvedEndpoint], delivery: WebhookSettings.Delivery, client: HTTPClient,
        board: ActivityBoard,
        logger: Logger, instance: String = InstanceID.make()
    ) {
        self.store = store
        self.instance = instance
        self.leaseMilliseconds = (Int64(delivery.timeoutSeconds) + Self.connectTimeoutSeconds + 10) * 1000
        self.endpoints = Dictionary(endpoints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.delivery = delivery
        self.client = client
        self.board = board
        self.logger = logger
        board.register("webhooks.delivery")
    }

    /// Asks the worker to look at the outbox now.
    func wake() {
        signal.signal()
    }

    /// Delivers until graceful shutdown or cancellation; rows not yet delivered stay in the outbox.
    func run() async {
        var lastPrune = ContinuousClock.now - .seconds(3600)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if ContinuousClock.now - lastPrune >= .seconds(3600) {
                lastPrune = ContinuousClock.now
                try? store.pruneHandled(before: Self.nowSeconds() - 7 * 86_400, adapterPrefix: ResolvedEndpoint.prefix)
            }
            let rows: [OutboxRow]
            do {
                let now = Self.nowMilliseconds()
                rows = try store.claimOutbox(
                    at: now, limit: Self.batch, instance: instance, leaseUntil: now + leaseMilliseconds)
            } catch {
                logger.error("cannot read the outbox", metadata: ["haven.error": "\(error)"])
                await pause(.seconds(1))
                continue
            }
            if !rows.isEmpty {
                await withTaskGroup(of: Void.self) { group in
                    for row in rows { group.addTask { await self.deliver(row) } }
                }
                continue
            }
            var wait = Duration.seconds(5)
            if let due = try? store.nextOutboxDue() {
                wait = .milliseconds(max(0, min(due - Self.nowMilliseconds(), 5000)))
            }
            await pause(wait)
        }
    }

    /// Waits for a wake-up or `duration`, ending early on graceful shutdown.
    private func pause(_ duration: Duration) async {
        guard duration > .zero else { return }
        await cancelWhenGracefulShutdown { await self.signal.wait(timeout: duration) }
    }

    // MARK: - One row

    private struct Route {
        let endpoint: String
        let url: String
        let signer: StandardWebhookSignature?
        let maxAttempts: Int
        let isDiscord: Bool
    }

    /// Where a target goes: `webhook:NAME` (the endpoint's outbound URL) or `webhook:NAME:response:URL`.
    private func route(_ target: String) -> Route? {
        guard target.hasPrefix(ResolvedEndpoint.prefix) else { return nil }
        let parts = target.dropFirst(ResolvedEndpoint.prefix.count).split(separator: ":", maxSplits: 1)
        guard let name = parts.first, let endpoint = endpoints[String(name)] else { return nil }
        if parts.count == 2 {
            guard parts[1].hasPrefix("response:") else { return nil }
            let url = String(parts[1].dropFirst("response:".count))
            guard endpoint.allowsResponseURL(url) else { return nil }
            return Route(
                endpoint: endpoint.name, url: url, signer: nil,
                maxAttempts: endpoint.outbound?.maxAttempts ?? Self.defaultMaxAttempts,
                isDiscord: false)
        }
        guard let outbound = endpoint.outbound else { return nil }
        return Route(
            endpoint: endpoint.name, url: outbound.url, signer: outbound.signer, maxAttempts: outbound.maxAttempts,
            isDiscord: outbound.format == .discord)
    }

    /// One attempt at one row: removed on a 2xx, retried, or dead-lettered.
    private func deliver(_ row: OutboxRow) async {
        guard let route = route(row.target) else {
            deadLetter(row, attempts: row.attempts, endpoint: "-", reason: "no configured destination for this target")
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        let stored = (try? JSONDecoder().decode([String: String].self, from: Data(row.headers.utf8))) ?? [:]
        for (name, value) in stored.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        if let signer = route.signer {
            let id = stored["webhook-id"] ?? "msg_outbox_\(row.id)"
            let timestamp = Self.nowSeconds()
            headers["webhook-id"] = id
            headers.add(name: "webhook-timestamp", value: "\(timestamp)")
            headers.add(
                name: "webhook-signature", value: signer.signature(id: id, timestamp: timestamp, body: row.body))
        }
        let request = HTTPRequest(
            method: .post, url: route.url, headers: headers, body: row.body, timeout: .seconds(delivery.timeoutSeconds))
        let attempts = row.attempts + 1
        let response: HTTPResponse
        do {
            response = try await client.execute(request)
        } catch {
            switch error {
            case .cancelled, .shutDown:
                // Not an attempt: the row stays as it was, free for the next start or another instance.
                try? store.releaseOutbox(row.id, claimedBy: instance)
                return
            case .invalidURL, .invalidMethod, .invalidHeader:
                deadLetter(row, attempts: attempts, endpoint: route.endpoint, reason: "\(error)")
            default:
                retry(row, attempts: attempts, route: route, response: nil, reason: "\(error)")
            }
            return
        }
        if response.isSuccess {
            do {
                if try !store.removeFromOutbox(row.id, claimedBy: instance) { lostClaim(row, endpoint: route.endpoint) }
            } catch {
                logger.error("cannot remove a delivered reply from the outbox", metadata: ["haven.error": "\(error)"])
            }
            board.record("webhooks.delivery")
            logger.debug(
                "webhook reply delivered",
                metadata: [
                    "haven.webhook.endpoint": "\(route.endpoint)", "haven.outbox.id": "\(row.id)",
                    "haven.outbox.attempts": "\(attempts)",
                ])
        } else if response.status == 408 || response.status == 429 || response.status >= 500 {
            retry(row, attempts: attempts, route: route, response: response, reason: "http \(response.status)")
        } else {
            deadLetter(row, attempts: attempts, endpoint: route.endpoint, reason: "http \(response.status)")
        }
    }

    /// Counts a failed attempt and schedules the next, or gives up after the last allowed one.
    private func retry(_ row: OutboxRow, attempts: Int, route: Route, response: HTTPResponse?, reason: String) {
        guard attempts < route.maxAttempts else {
            deadLetter(
                row, attempts: attempts, endpoint: route.endpoint,
                reason: "gave up after \(attempts) attempts: \(reason)")
            return
        }
        let policy = RetryPolicy(
            maxAttempts: route.maxAttempts, baseDelay: .milliseconds(delivery.baseDelayMilliseconds),
            maxDelay: .seconds(delivery.maxDelaySeconds),
            jitter: .full, serverDelay: route.isDiscord ? Self.discordRetryAfter : nil)
        let delay = policy.delay(beforeRetry: attempts, after: response)
        let next = Self.nowMilliseconds() + delay.milliseconds
        do {
            guard
                try store.rescheduleOutbox(
                    row.id, attempts: attempts, nextAttemptAt: next, error: reason, claimedBy: instance)
            else {
                lostClaim(row, endpoint: route.endpoint)
                return
            }
        } catch {
            logger.error("cannot reschedule a reply in the outbox", metadata: ["haven.error": "\(error)"])
        }
        logger.info(
            "webhook reply will be retried",
            metadata: [
                "haven.webhook.endpoint": "\(route.endpoint)", "haven.outbox.id": "\(row.id)",
                "haven.outbox.attempts": "\(attempts)",
                "haven.outbox.error": "\(reason)", "haven.outbox.retry_ms": "\(next - Self.nowMilliseconds())",
            ])
    }

    /// Moves a row to `dead_letter` and logs why, without its text or URL.
    private func deadLetter(_ row: OutboxRow, attempts: Int, endpoint: String, reason: String) {
        do {
            guard
                try store.moveToDeadLetter(
                    row.id, attempts: attempts, at: Self.nowMilliseconds(), error: reason, claimedBy: instance)
            else {
                lostClaim(row, endpoint: endpoint)
                return
            }
        } catch {
            logger.error("cannot move a reply to the dead-letter table", metadata: ["haven.error": "\(error)"])
            return
        }
        logger.warning(
            "webhook reply moved to the dead-letter table",
            metadata: [
                "haven.webhook.endpoint": "\(endpoint)", "haven.outbox.id": "\(row.id)",
                "haven.outbox.attempts": "\(attempts)",
                "haven.outbox.error": "\(reason)",
            ])
    }

    /// Logs that a row's lease ran out during the attempt and another instance took it over
    /// (or a forget removed it): that instance decides what becomes of it.
    private func lostClaim(_ row: OutboxRow, endpoint: String) {
        logger.warning(
            "webhook reply no longer held by this instance: its lease ran out during the attempt",
            metadata: [
                "haven.webhook.endpoint": "\(endpoint)", "haven.outbox.id": "\(row.id)",
                "haven.instance": "\(instance)",
            ])
    }

    /// Discord's 429 body: `{"retry_after": seconds, ...}` (a float).
    static let discordRetryAfter: @Sendable (HTTPResponse) -> Duration? = { response in
        guard response.status == 429, let document = try? JSONValue.parseObject(response.body),
            let seconds = document["retry_after"]?.number, seconds >= 0, seconds.isFinite
        else { return nil }
        // The receiver may say anything: a year is longer than any delivery waits (the policy caps
        // it at maxDelaySeconds), and keeps the milliseconds well inside Int64.
        return .milliseconds(Int64((min(seconds, 31_536_000) * 1000).rounded(.up)))
    }

    /// The wall clock in milliseconds since 1970 (the outbox's unit).
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The wall clock in seconds since 1970 (signed timestamps' unit).
    static func nowSeconds() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}

import HavenRuntime
import Synchronization

/// The webhook listener's rate limits: one token bucket for everything, one per sender.
///
/// A rate of zero turns a limit off. Per-sender buckets that have refilled are forgotten when
/// there are many, so memory stays bounded by the number of recently active senders.
final class RateLimiter: Sendable {
    private struct State {
        var global: TokenBucket
        var senders: [String: TokenBucket] = [:]
        /// The sender count at which full buckets are swept next: twice what the last sweep kept,
        /// so a flood of active senders does not make every message rebuild the table.
        var sweepAt = RateLimiter.sweepThreshold
    }

    private let settings: WebhookSettings.RateLimit
    private let start = ContinuousClock.now
    private let state: Mutex<State>
    private static let sweepThreshold = 10_000

    /// Limits with full buckets.
    init(settings: WebhookSettings.RateLimit) {
        self.settings = settings
        state = Mutex(State(global: TokenBucket(capacity: Double(settings.globalBurst), now: 0)))
    }

    /// Takes a token from the global bucket; throws `.rateLimited` when it is empty.
    func admitRequest() throws(WebhookError) {
        guard settings.globalPerSecond > 0 else { return }
        let now = seconds()
        let rate = Double(settings.globalPerSecond)
        let capacity = Double(settings.globalBurst)
        let wait = state.withLock { $0.global.take(now: now, rate: rate, capacity: capacity) }
        if let wait { throw .rateLimited(scope: "to this server", retryAfter: Self.whole(wait)) }
    }

    /// Takes a token from `sender`'s bucket; throws `.rateLimited` when it is empty.
    func admitMessage(from sender: String) throws(WebhookError) {
        guard settings.perSenderPerMinute > 0 else { return }
        let now = seconds()
        let rate = Double(settings.perSenderPerMinute) / 60
        let capacity = Double(settings.perSenderBurst)
        let wait = state.withLock { state -> Double? in
            if state.senders.count >= state.sweepAt {
                state.senders = state.senders.filter { !$0.value.isFull(now: now, rate: rate, capacity: capacity) }
                state.sweepAt = max(Self.sweepThreshold, 2 * state.senders.count)
            }
            var bucket = state.senders[sender] ?? TokenBucket(capacity: capacity, now: now)
            let wait = bucket.take(now: now, rate: rate, capacity: capacity)
            state.senders[sender] = bucket
            return wait
        }
        if let wait { throw .rateLimited(scope: "from this sender", retryAfter: Self.whole(wait)) }
    }

    private func seconds() -> Double {
        let (whole, fraction) = (ContinuousClock.now - start).components
        return Double(whole) + Double(fraction) / 1e18
    }

    private static func whole(_ seconds: Double) -> Int {
        max(1, Int(seconds.rounded(.up)))
    }
}

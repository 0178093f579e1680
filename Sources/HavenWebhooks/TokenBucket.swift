/// A token bucket: holds up to `capacity` tokens and gains `rate` tokens per second.
struct TokenBucket: Sendable {
    private(set) var tokens: Double
    private var updated: Double

    /// A full bucket at time `now` (seconds on any monotonic clock).
    init(capacity: Double, now: Double) {
        tokens = capacity
        updated = now
    }

    /// Takes one token; returns nil when it had one, or the seconds until it will.
    mutating func take(now: Double, rate: Double, capacity: Double) -> Double? {
        refill(now: now, rate: rate, capacity: capacity)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / rate
    }

    /// Whether the bucket has refilled completely by `now` (so forgetting it changes nothing).
    func isFull(now: Double, rate: Double, capacity: Double) -> Bool {
        tokens + (now - updated) * rate >= capacity
    }

    private mutating func refill(now: Double, rate: Double, capacity: Double) {
        tokens = min(capacity, tokens + max(0, now - updated) * rate)
        updated = now
    }
}

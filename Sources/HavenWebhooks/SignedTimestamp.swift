/// The replay window shared by the signature schemes.
enum SignedTimestamp {
    /// Throws when `time` is more than `tolerance` seconds before or after `now`.
    ///
    /// `time` comes from the sender, so it may be anything an Int64 holds: the distance is taken
    /// without overflow (`abs(now - time)` trapped at `Int64.min` and stopped the whole server).
    static func check(_ time: Int64, now: Int64, tolerance: Int) throws(WebhookError) {
        let distance = now > time ? UInt64(bitPattern: now &- time) : UInt64(bitPattern: time &- now)
        guard tolerance >= 0, distance <= UInt64(tolerance) else {
            throw .staleTimestamp(time, toleranceSeconds: tolerance)
        }
    }
}

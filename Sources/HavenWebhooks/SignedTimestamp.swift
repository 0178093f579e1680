/// The replay window shared by the signature schemes.
enum SignedTimestamp {
    /// Throws when `time` is more than `tolerance` seconds before or after `now`.
    static func check(_ time: Int64, now: Int64, tolerance: Int) throws(WebhookError) {
        guard abs(now - time) <= Int64(tolerance) else { throw .staleTimestamp(time, toleranceSeconds: tolerance) }
    }
}

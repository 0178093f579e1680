import Testing

@testable import HavenWebhooks

/// The replay window at the edges of the integers: a timestamp is sender-supplied, so no value of
/// it may trap (one did: `abs(now - time)` overflowed and stopped the whole server).
struct SignedTimestampTests {
    let now: Int64 = 1_700_000_000

    @Test(arguments: [Int64.min, Int64.min + 1, -1, 0, Int64.max - 1, Int64.max])
    func extremeTimestampsAreStaleNotFatal(_ time: Int64) {
        #expect(throws: WebhookError.staleTimestamp(time, toleranceSeconds: 300)) {
            try SignedTimestamp.check(time, now: now, tolerance: 300)
        }
    }

    @Test func theWindowHoldsAtItsEdgesAndAtExtremeClocksAndTolerances() throws {
        try SignedTimestamp.check(now - 300, now: now, tolerance: 300)
        try SignedTimestamp.check(now + 300, now: now, tolerance: 300)
        #expect(throws: WebhookError.staleTimestamp(now - 301, toleranceSeconds: 300)) {
            try SignedTimestamp.check(now - 301, now: now, tolerance: 300)
        }
        #expect(throws: WebhookError.staleTimestamp(now + 301, toleranceSeconds: 300)) {
            try SignedTimestamp.check(now + 301, now: now, tolerance: 300)
        }
        // A clock or a tolerance at the extremes (a mistaken config) does not trap either.
        try SignedTimestamp.check(Int64.max, now: Int64.max, tolerance: 0)
        try SignedTimestamp.check(Int64.min, now: Int64.min, tolerance: 0)
        #expect(throws: WebhookError.staleTimestamp(Int64.min, toleranceSeconds: 0)) {
            try SignedTimestamp.check(Int64.min, now: Int64.max, tolerance: 0)
        }
        try SignedTimestamp.check(0, now: Int64.max, tolerance: Int.max)
        #expect(throws: WebhookError.staleTimestamp(Int64.min, toleranceSeconds: Int.max)) {
            try SignedTimestamp.check(Int64.min, now: Int64.max, tolerance: Int.max)
        }
        #expect(throws: WebhookError.staleTimestamp(now + 1, toleranceSeconds: -5)) {
            try SignedTimestamp.check(now + 1, now: now, tolerance: -5)
        }
    }

    @Test(arguments: [
        "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "99999999999999999999999", "abc", "",
        " ", "1e9", "0x10", "１７",
    ])
    func garbageOrExtremeHeadersAreRefusedByBothSchemes(_ header: String) {
        let standard = StandardWebhookSignature(key: Array("key".utf8))
        let slack = SlackSignature(secret: "secret")
        let body = Array("{}".utf8)
        #expect(throws: WebhookError.self) {
            try standard.verify(id: "x", timestamp: header, signatures: "v1,AAAA", body: body, now: now, tolerance: 300)
        }
        #expect(throws: WebhookError.self) {
            try slack.verify(timestamp: header, signature: "v0=00", body: body, now: now, tolerance: 300)
        }
    }
}

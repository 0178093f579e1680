import HavenHTTP
import Testing

/// The delays and decisions of `RetryPolicy`, computed without waiting.
struct RetryPolicyTests {
    @Test func retryableStatusesAreExactlyTheTransientOnes() {
        let policy = RetryPolicy()
        for status in [408, 429, 500, 502, 503, 504] {
            #expect(policy.shouldRetry(status: status))
        }
        for status in [200, 201, 204, 301, 400, 401, 403, 404, 405, 409, 410, 422, 501, 505] {
            #expect(!policy.shouldRetry(status: status))
        }
    }

    @Test func onlyNetworkFailuresAreRetried() {
        let policy = RetryPolicy()
        #expect(policy.shouldRetry(.connectFailed(host: "h:1", detail: "refused")))
        #expect(policy.shouldRetry(.timedOut(host: "h:1", detail: "slow")))
        #expect(policy.shouldRetry(.connectionLost(host: "h:1", detail: "reset")))
        #expect(!policy.shouldRetry(.responseTooLarge(host: "h:1", limit: 10)))
        #expect(!policy.shouldRetry(.tls(host: "h:1", detail: "bad certificate")))
        #expect(!policy.shouldRetry(.invalidURL("x")))
        #expect(!policy.shouldRetry(.cancelled))
    }

    @Test func backoffDoublesUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(3), jitter: .none)
        let delays = (1...6).map { policy.backoff(beforeRetry: $0, randomFraction: 0.5) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3), .seconds(3)])
        #expect(policy.backoff(beforeRetry: 1000, randomFraction: 0) == .seconds(3))
    }

    @Test func fullJitterScalesTheBound() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(30), jitter: .full)
        #expect(policy.backoff(beforeRetry: 3, randomFraction: 0) == .zero)
        #expect(policy.backoff(beforeRetry: 3, randomFraction: 0.25) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 3, randomFraction: 1) == .seconds(4))
        for _ in 0..<100 {
            let delay = policy.delay(beforeRetry: 2, after: nil)
            #expect(delay >= .zero && delay <= .seconds(2))
        }
    }

    @Test func retryAfterSecondsAndDatesAreParsed() {
        // 2015-10-21 07:28:00 UTC.
        let now = 1_445_412_480
        #expect(RetryPolicy.retryAfter("120", now: now) == .seconds(120))
        #expect(RetryPolicy.retryAfter(" 0 ", now: now) == .zero)
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.retryAfter("Wednesday, 21-Oct-15 07:29:00 GMT", now: now) == .seconds(60))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.retryAfter("-5", now: now) == nil)
        #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
    }

    @Test func retryAfterIsPreferredAndCapped() {
        let policy = RetryPolicy(baseDelay: .milliseconds(10), maxDelay: .seconds(20), jitter: .none)
        let limited = HTTPResponse(status: 429, headers: ["retry-after": "5"])
        #expect(policy.delay(beforeRetry: 1, after: limited) == .seconds(5))
        let greedy = HTTPResponse(status: 503, headers: ["Retry-After": "3600"])
        #expect(policy.delay(beforeRetry: 1, after: greedy) == .seconds(20))
        let dated = HTTPResponse(status: 503, headers: ["Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"])
        #expect(policy.delay(beforeRetry: 1, after: dated, now: 1_445_412_480) == .seconds(10))
        let plain = HTTPResponse(status: 503)
        #expect(policy.delay(beforeRetry: 2, after: plain) == .milliseconds(20))
    }

    @Test func serverDelayHookIsPreferredAndCapped() {
        var policy = RetryPolicy(maxDelay: .seconds(10), jitter: .none)
        policy.serverDelay = { response in response.status == 429 ? .seconds(Int(response.text) ?? 0) : nil }
        let hinted = HTTPResponse(status: 429, headers: ["Retry-After": "1"], body: Array("4".utf8))
        #expect(policy.delay(beforeRetry: 1, after: hinted) == .seconds(4))
        let excessive = HTTPResponse(status: 429, body: Array("99".utf8))
        #expect(policy.delay(beforeRetry: 1, after: excessive) == .seconds(10))
        // No hint: back to Retry-After.
        let other = HTTPResponse(status: 503, headers: ["Retry-After": "2"])
        #expect(policy.delay(beforeRetry: 1, after: other) == .seconds(2))
    }
}

import Foundation
import HavenHTTP
import HavenServerTesting
import Testing

/// `execute(_:retry:)` against a server that fails on purpose.
struct HTTPClientRetryTests {
    @Test func retryAfterHeaderIsHonoured() async throws {
        let responses: [TestHTTPResponse] = [
            .text("slow down", status: 429, headers: [("Retry-After", "1")]), .text("ok"),
        ]
        try await withServer(responses) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            // The backoff alone would wait 10 ms: a 1 s wait can only come from the header.
            let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), jitter: .none, sleep: sleeps.waiting)
            let response = try await client.execute(HTTPRequest(url: server.url("/limited")), retry: policy)
            #expect(response.status == 200)
            #expect(response.text == "ok")
            #expect(server.requestCount == 2)
            #expect(sleeps.recorded == [.seconds(1)])
            let requests = server.requests
            #expect(requests[1].receivedAt - requests[0].receivedAt >= .seconds(1))
        }
    }

    @Test func serviceUnavailableThreeTimesThenSuccessTakesFourAttempts() async throws {
        let responses: [TestHTTPResponse] = [.status(503), .status(503), .status(503), .text("finally")]
        try await withServer(responses) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            let policy = RetryPolicy(
                maxAttempts: 5,
                baseDelay: .milliseconds(100),
                maxDelay: .seconds(1),
                sleep: sleeps.instant
            )
            let response = try await client.execute(HTTPRequest(url: server.url("/flaky")), retry: policy)
            #expect(response.text == "finally")
            #expect(server.requestCount == 4)
            let delays = sleeps.recorded
            #expect(delays.count == 3)
            // Full jitter: each wait lies between zero and the doubling bound (100, 200, 400 ms).
            for (retry, delay) in delays.enumerated() {
                #expect(delay >= .zero)
                #expect(delay <= .milliseconds(100 << retry))
            }
        }
    }

    @Test(arguments: [500, 502, 504, 408])
    func otherRetryableStatusesAreRetried(status: Int) async throws {
        let (response, requests) = try await sendWithInstantRetries([.status(status), .text("ok")])
        #expect(response.status == 200)
        #expect(requests == 2)
    }

    @Test(arguments: [400, 401, 403, 404, 409, 422])
    func clientErrorsAreNeverRetried(status: Int) async throws {
        try await withServer([.text("no", status: status), .text("ok")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            let response = try await client.execute(
                HTTPRequest(url: server.url("/missing")),
                retry: RetryPolicy(maxAttempts: 5, sleep: sleeps.instant)
            )
            #expect(response.status == status)
            #expect(server.requestCount == 1)
            #expect(sleeps.recorded.isEmpty)
        }
    }

    @Test func lastRetryableResponseIsReturnedWhenAttemptsRunOut() async throws {
        try await withServer([.status(503), .status(503), .status(503), .text("too late")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            let response = try await client.execute(
                HTTPRequest(url: server.url("/down")),
                retry: RetryPolicy(maxAttempts: 3, sleep: sleeps.instant)
            )
            #expect(response.status == 503)
            #expect(server.requestCount == 3)
            #expect(sleeps.recorded.count == 2)
        }
    }

    @Test func connectionRefusedIsRetriedThenThrown() async throws {
        let port = try ReservedPort.refusing()
        defer { port.close() }
        let client = makeClient()
        defer { client.shutdown() }
        let sleeps = SleepRecorder()
        let error = await failure { () async throws(HTTPClientError) in
            try await client.execute(
                HTTPRequest(url: port.baseURL + "/"),
                retry: RetryPolicy(maxAttempts: 3, sleep: sleeps.instant)
            )
        }
        #expect(error?.kind == "connectFailed")
        #expect(sleeps.recorded.count == 2)
    }

    @Test func brokenConnectionIsRetried() async throws {
        let (response, requests) = try await sendWithInstantRetries([
            .truncated(declaredLength: 100, sending: 10), .text("whole"),
        ])
        #expect(response.text == "whole")
        #expect(requests == 2)
    }

    @Test func oversizedResponseIsNotRetried() async throws {
        try await withServer([.text(String(repeating: "x", count: 500)), .text("ok")]) { server in
            let client = makeClient(HTTPClient.Configuration(maxResponseSize: 100))
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/")), retry: RetryPolicy(sleep: sleeps.instant))
            }
            #expect(error?.kind == "responseTooLarge")
            #expect(server.requestCount == 1)
        }
    }

    @Test func serverDelayHookWinsOverRetryAfter() async throws {
        // Matrix-style: a 429 whose JSON body says how long to wait, in milliseconds.
        let limited = TestHTTPResponse.json(
            #"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500}"#,
            status: 429,
            headers: [("Retry-After", "7")]
        )
        try await withServer([limited, .json("{}")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            var policy = RetryPolicy(sleep: sleeps.instant)
            policy.serverDelay = { response in
                Self.number(after: #""retry_after_ms":"#, in: response.text).map { .milliseconds($0) }
            }
            let response = try await client.execute(HTTPRequest(url: server.url("/_matrix/send")), retry: policy)
            #expect(response.status == 200)
            #expect(sleeps.recorded == [.milliseconds(1500)])
        }
    }

    @Test func cancellingDuringTheWaitStopsRetrying() async throws {
        try await withServer([.status(503), .text("ok")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let policy = RetryPolicy(baseDelay: .seconds(60), maxDelay: .seconds(60), jitter: .none)
            let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
                try await client.execute(HTTPRequest(url: server.url("/")), retry: policy)
            }
            try await eventually { server.requestCount == 1 }
            task.cancel()
            await #expect(throws: HTTPClientError.cancelled) { try await task.result.get() }
            #expect(server.requestCount == 1)
        }
    }

    /// The integer after `key` in `text`, as a webhook or Matrix adapter would extract it.
    static func number(after key: String, in text: String) -> Int? {
        guard let range = text.range(of: key) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Sends one GET through `responses` with retries that do not wait; returns the final response and how many requests the server saw.
private func sendWithInstantRetries(_ responses: [TestHTTPResponse]) async throws -> (HTTPResponse, Int) {
    try await withServer(responses) { server in
        let client = makeClient()
        defer { client.shutdown() }
        let response = try await client.execute(
            HTTPRequest(url: server.url("/")), retry: RetryPolicy(sleep: SleepRecorder().instant))
        return (response, server.requestCount)
    }
}

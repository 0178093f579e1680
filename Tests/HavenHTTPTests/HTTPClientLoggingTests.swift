import HavenHTTP
import HavenServerTesting
import InMemoryLogging
import Logging
import Testing

/// What the client logs: enough to follow requests, never credentials, queries or bodies.
struct HTTPClientLoggingTests {
    static let secrets = ["header-secret-7f3a", "query-secret-91c2", "body-secret-5d0e", "response-secret-22b8"]

    @Test func logsNeverContainAuthorizationQueryOrBodies() async throws {
        var logs = InMemoryLogHandler()
        logs.logLevel = .trace
        let logger = Logger(label: "haven.http.test", factory: { [logs] _ in logs })
        let responses: [TestHTTPResponse] = [.status(503), .text("response-secret-22b8")]
        try await withServer(responses) { server in
            let client = makeClient(logger: logger)
            defer { client.shutdown() }
            let sleeps = SleepRecorder()
            let response = try await client.execute(
                HTTPRequest(
                    method: .post,
                    url: server.url("/rooms/send?access_token=query-secret-91c2"),
                    headers: ["Authorization": "Bearer header-secret-7f3a", "Content-Type": "text/plain"],
                    body: Array("body-secret-5d0e".utf8)
                ),
                retry: RetryPolicy(sleep: sleeps.instant)
            )
            #expect(response.status == 200)
            // The server did get the secrets: the client sent them and only kept them out of logs.
            #expect(server.requests.last?.header("Authorization") == "Bearer header-secret-7f3a")
        }
        let port = try ReservedPort.refusing()
        defer { port.close() }
        let client = makeClient(logger: logger)
        defer { client.shutdown() }
        _ = await failure { () async throws(HTTPClientError) in
            try await client.execute(
                HTTPRequest(
                    url: port.baseURL + "/x?access_token=query-secret-91c2",
                    headers: ["Authorization": "Bearer header-secret-7f3a"]
                )
            )
        }

        let entries = logs.entries
        #expect(entries.count == 4)  // 503, retry, 200, refused
        for entry in entries {
            for secret in Self.secrets {
                #expect(!entry.allText.contains(secret), "\(secret) leaked into '\(entry.allText)'")
            }
            #expect(!entry.allText.lowercased().contains("authorization"))
            #expect(!entry.allText.contains("access_token"))
        }
        let completed = try #require(
            entries.first { $0.message == "HTTP request completed" && $0.metadata["http.status"] == "200" })
        #expect(completed.level == .debug)
        #expect(completed.metadata["http.method"] == "POST")
        #expect(
            completed.metadata["http.path"] == "/rooms/…",
            "only the first path segment: webhook URLs carry secrets in the path")
        #expect(completed.metadata["http.attempt"] == "2")
        #expect(completed.metadata["http.host"]?.description.hasPrefix("127.0.0.1:") == true)
        #expect(completed.metadata["http.duration_ms"] != nil)
        let retry = try #require(entries.first { $0.message == "HTTP request will be retried" })
        #expect(retry.metadata["http.attempt"] == "1")
        #expect(retry.metadata["http.retry_delay_ms"] != nil)
        let failed = try #require(entries.first { $0.message == "HTTP request failed" })
        #expect(failed.metadata["http.error"]?.description.contains("cannot connect") == true)
    }

    @Test func descriptionsLeaveOutQueriesHeaderValuesAndBodies() {
        let request = HTTPRequest(
            method: .post,
            url: "https://example.org/hook?token=query-secret-91c2",
            headers: ["Authorization": "Bearer header-secret-7f3a"],
            body: Array("body-secret-5d0e".utf8)
        )
        #expect(request.description == "POST https://example.org/hook?… (16 bytes)")
        #expect(request.headers.description == "[Authorization]")
        let response = HTTPResponse(status: 201, body: Array("response-secret-22b8".utf8))
        #expect(response.description == "201 (20 bytes)")
        let error = HTTPClientError.invalidURL("htp://example.org/x?token=query-secret-91c2")
        #expect(
            error.description == "invalid url 'htp://example.org/x?…': only absolute http and https urls are accepted")
    }
}

extension InMemoryLogHandler.Entry {
    /// The message and every metadata key and value, as one string to search.
    fileprivate var allText: String {
        (["\(message)"] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }
}

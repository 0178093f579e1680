import HavenHTTP
import HavenMatrix
import HavenServerTesting
import Logging
import Testing

/// Numbers a homeserver sends back are bounded before Haven does arithmetic with them.
struct MatrixClientLimitsTests {
    @Test(arguments: ["1e300", "9.3e18", "-5"])
    func aRateLimitOfAnySizeIsAWaitNotATrap(_ milliseconds: String) async throws {
        let homeserver = try await TestHTTPServer.start(
            responses: [.json(#"{"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": \#(milliseconds)}"#, status: 429)])
        let http = HTTPClient(
            configuration: HTTPClient.Configuration(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer {
            http.shutdown()
            Task { await homeserver.shutdown() }
        }
        let client = MatrixClient(homeserver: homeserver.url(""), userID: "@haven:example.org", token: "t", http: http)
        do {
            _ = try await client.whoami()
            Issue.record("a 429 was not an error")
        } catch {
            guard case .rateLimited(let wait) = error else {
                Issue.record("not a rate limit: \(error)")
                return
            }
            #expect((0...3_600_000).contains(wait))
        }
    }
}

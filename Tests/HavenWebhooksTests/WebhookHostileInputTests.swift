import Foundation
import HavenHTTP
import HavenTesting
import Testing

/// Requests made to break the listener, against a running `haven serve` on 127.0.0.1: each is
/// refused with the JSON error the endpoint uses, and the server goes on answering.
@Suite struct WebhookHostileInputTests {
    @Test func extremeTimestampsAreRefusedAndTheServerStaysUp() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try WebhookServeProcess(config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        let body = Array("{}".utf8)
        for time in [Int64.min, Int64.max, Int64.min + 1] {
            let generic = try await client.postGeneric(server, body: body, id: "x", timestamp: time, signature: "v1,AAAA")
            #expect(generic.status == 401, "generic \(time)")
            #expect(object(generic)["error"] as? String == "unauthorized")
            let slack = try await client.postSlack(server, body: body, timestamp: time, signature: "v0=00")
            #expect(slack.status == 401, "slack \(time)")
            #expect(object(slack)["error"] as? String == "unauthorized")
        }
        // Out of Int64's range altogether: not a timestamp at all.
        let beyond = try await client.execute(
            HTTPRequest(
                method: .post, url: server.url("/webhooks/generic"),
                headers: ["Content-Type": "application/json", "webhook-id": "x", "webhook-timestamp": "-9223372036854775809", "webhook-signature": "v1,AAAA"],
                body: body))
        #expect(beyond.status == 401)
        #expect(object(beyond)["message"] as? String == "invalid 'webhook-timestamp' header")

        let good = try await client.postGeneric(server, body: jsonBody(["conversation": "r", "sender": "s", "text": "hello there"]))
        #expect(good.status == 200, "the server still answers")
        #expect(server.stop().status == 0)
    }
}

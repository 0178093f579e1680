import Foundation
import HavenHTTP
import HavenServerTesting
import Testing

/// Requests made to break the listener, against a running `haven serve` on 127.0.0.1: each is
/// refused with the JSON error the endpoint uses, and the server goes on answering.
@Suite struct WebhookHostileInputTests {
    @Test func extremeTimestampsAreRefusedAndTheServerStaysUp() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        let body = Array("{}".utf8)
        for time in [Int64.min, Int64.max, Int64.min + 1] {
            let generic = try await client.postGeneric(
                server, body: body, id: "x", timestamp: time, signature: "v1,AAAA")
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
                headers: [
                    "Content-Type": "application/json", "webhook-id": "x", "webhook-timestamp": "-9223372036854775809",
                    "webhook-signature": "v1,AAAA",
                ],
                body: body))
        #expect(beyond.status == 401)
        #expect(object(beyond)["message"] as? String == "invalid 'webhook-timestamp' header")

        let good = try await client.postGeneric(
            server, body: jsonBody(["conversation": "r", "sender": "s", "text": "hello there"]))
        #expect(good.status == 200, "the server still answers")
        #expect(server.stop().status == 0)
    }
}

extension WebhookHostileInputTests {
    /// The status line and the rest (headers and body) of the raw HTTP response read from `client`.
    static func rawResponse(_ client: LineClient, timeout: Double = 20) -> (status: String?, body: String?) {
        let status = client.readLine(timeout: timeout)
        return (status, client.readToEnd(timeout: 5))
    }

    @Test func aHalfSentRequestIsCutOffWithAJSONError() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints(), listener: #""requestTimeoutSeconds": 1, "#)
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        // Headers that never end, and a body that never comes.
        let headless = try LineClient(port: server.port)
        headless.send(Array("POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty".utf8))
        let bodyless = try LineClient(port: server.port)
        bodyless.send(
            Array(
                "POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"conv"
                    .utf8))
        for client in [headless, bodyless] {
            let (status, body) = Self.rawResponse(client)
            #expect(status?.hasPrefix("HTTP/1.1 408") == true, "\(status ?? "nothing")")
            #expect(body?.contains(#""error":"timeout""#) == true, "\(body ?? "no body")")
            #expect(client.closedByPeer)
        }
        let client = makeClient()
        defer { client.shutdown() }
        let good = try await client.postGeneric(
            server, body: jsonBody(["conversation": "r", "sender": "s", "text": "hello there"]))
        #expect(good.status == 200, "a whole request is still answered")
        #expect(server.stop().status == 0)
    }

    @Test func oversizedHeadersGetTheJSONError() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let raw = try LineClient(port: server.port)
        raw.send(
            Array(
                ("POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: "
                    + String(repeating: "a", count: 40_000) + "\r\nContent-Length: 2\r\n\r\n{}").utf8))
        let (status, body) = Self.rawResponse(raw)
        #expect(status?.hasPrefix("HTTP/1.1 431") == true, "\(status ?? "nothing")")
        #expect(body?.contains(#""error":"headers-too-large""#) == true, "\(body ?? "no body")")

        let garbage = try LineClient(port: server.port)
        garbage.send(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        let (garbageStatus, garbageBody) = Self.rawResponse(garbage)
        #expect(garbageStatus?.hasPrefix("HTTP/1.1 400") == true, "\(garbageStatus ?? "nothing")")
        #expect(garbageBody?.contains(#""error":"malformed""#) == true, "\(garbageBody ?? "no body")")
        #expect(server.stop().status == 0)
    }
}

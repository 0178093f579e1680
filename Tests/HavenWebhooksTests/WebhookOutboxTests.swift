import Foundation
import HavenHTTP
import HavenServerTesting
import HavenStore
import Testing

/// Outbound delivery through the outbox: retries, restarts, dead letters, rate limits, signing.
@Suite struct WebhookOutboxTests {
    @Test func retriesServerErrorsAndDeliversExactlyOnce() async throws {
        let receiver = try await TestHTTPServer.start(
            responses: [.status(500), .status(500), .status(500)], otherwise: .text("ok"))
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/hook")]))
        let client = makeClient()
        defer { client.shutdown() }
        #expect(
            try await client.postSlack(server, body: slackEvent(id: "EvR", text: "you never listen to me")).status
                == 200)
        try await eventually("the reply is delivered") {
            let pending = try count("SELECT COUNT(*) FROM outbox", in: server.statePath)
            return receiver.requestCount >= 4 && pending == 0
        }
        let result = server.stop()
        await receiver.shutdown()
        #expect(receiver.requestCount == 4, "three 500s, then one 200, then nothing more")
        #expect(Set(receiver.requests.map(\.bodyText)).count == 1, "every attempt sends the same reply")
        #expect(try count("SELECT COUNT(*) FROM dead_letter", in: server.statePath) == 0)
        #expect(result.stderrText.contains("webhook reply will be retried"))
    }

    @Test func repliesSurviveAKillWhileTheReceiverIsDown() async throws {
        let down = try ReservedPort.refusing()
        let config = try patientGenericConfig()
        let first = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": down.baseURL + "/in"]))
        let client = makeClient()
        defer { client.shutdown() }
        let ids = (0..<5).map { "msg_restart_\($0)" }
        for (index, id) in ids.enumerated() {
            let body = jsonBody([
                "conversation": "room-\(index)", "sender": "person-\(index)", "text": "he just walks out when we argue",
            ])
            #expect(try await client.postGeneric(first, body: body, id: id).status == 200)
        }
        try await eventually("delivery has failed at least twice") {
            (try count("SELECT MAX(attempts) FROM outbox", in: first.statePath)) >= 2
        }
        first.kill()
        #expect(try count("SELECT COUNT(*) FROM outbox", in: first.statePath) == 5)

        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .status(204))
        let second = try WebhookServeProcess(
            config: config, state: first.statePath,
            environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/in")]))
        try await eventually("every reply is delivered after the restart") {
            (try count("SELECT COUNT(*) FROM outbox", in: second.statePath)) == 0
        }
        _ = second.stop()
        await receiver.shutdown()
        down.close()
        #expect(receiver.requestCount == 5)
        #expect(receiver.requests.map { object($0)["inReplyTo"] as? String } == ids, "each reply once, in order")
        for request in receiver.requests {
            let id = try #require(request.header("webhook-id"))
            let timestamp = try #require(Int64(request.header("webhook-timestamp") ?? ""))
            #expect(
                request.header("webhook-signature") == Signer.standard(id: id, timestamp: timestamp, body: request.body)
            )
        }
    }

    @Test func aPermanentFailureGoesToTheDeadLetterTable() async throws {
        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .text("no_service", status: 404))
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/gone")]))
        let client = makeClient()
        defer { client.shutdown() }
        let text = "she keeps checking my phone and it scares me"
        #expect(try await client.postSlack(server, body: slackEvent(id: "Ev404", text: text)).status == 200)
        try await eventually("the reply is dead-lettered") {
            (try count("SELECT COUNT(*) FROM dead_letter", in: server.statePath)) == 1
        }
        let result = server.stop()
        await receiver.shutdown()
        #expect(receiver.requestCount == 1, "a 404 is not retried")
        #expect(try count("SELECT COUNT(*) FROM outbox", in: server.statePath) == 0)
        let row = try #require(
            try SQLiteDatabase(path: server.statePath).query("SELECT attempts, last_error, person FROM dead_letter")
                .first)
        #expect(row[0].integer == 1)
        #expect(row[1].text == "http 404")
        #expect(row[2].text == "webhook:slack:U123")
        #expect(result.stderrText.contains("webhook reply moved to the dead-letter table"))
        #expect(!result.stderrText.contains("scares me"))
    }

    @Test func honoursDiscordsRetryAfter() async throws {
        let limited = TestHTTPResponse.json(
            #"{"message": "You are being rate limited.", "retry_after": 1.5, "global": false}"#, status: 429)
        let receiver = try await TestHTTPServer.start(responses: [limited], otherwise: .status(204))
        let endpoints = #"""
            {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET",
                         "outbound": {"format": "discord", "urlEnv": "HAVEN_TEST_OUT_URL"}}}
            """#
        let config = try webhookConfig(endpoints: endpoints)
        let server = try WebhookServeProcess(
            config: config,
            environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/api/webhooks/1/t")]))
        let client = makeClient()
        defer { client.shutdown() }
        let response = try await client.postGeneric(
            server, body: jsonBody(["conversation": "chan", "sender": "ana", "text": "@everyone you never listen"]))
        #expect(response.status == 200)
        try await eventually("the reply is delivered") {
            (try count("SELECT COUNT(*) FROM outbox", in: server.statePath)) == 0
        }
        _ = server.stop()
        await receiver.shutdown()
        #expect(receiver.requestCount == 2)
        let requests = receiver.requests
        guard requests.count == 2 else { return }
        #expect(
            requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(1500),
            "waited retry_after, not the 20 ms backoff")
        let body = object(requests[1])
        let content = try #require(body["content"] as? String)
        #expect(!content.isEmpty && content.utf16.count <= 2000)
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test func signsGenericDeliveriesAndIgnoresThemComingBack() async throws {
        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .status(200))
        let endpoints = #"""
            {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET", "replyInResponse": false,
                         "outbound": {"format": "generic", "url": "\#(receiver.url("/replies"))"}}}
            """#
        let config = try webhookConfig(endpoints: endpoints)
        let server = try WebhookServeProcess(config: config, environment: TestSecrets.environment())
        let client = makeClient()
        defer { client.shutdown() }
        let response = try await client.postGeneric(
            server, body: jsonBody(["conversation": "room-9", "sender": "lee", "text": "you never listen to me"]),
            id: "msg_out_1")
        #expect(object(response)["status"] as? String == "replied")
        #expect((object(response)["replies"] as? [String])?.isEmpty == true, "replyInResponse is off")
        try await eventually("the reply is delivered") { receiver.requestCount >= 1 }
        let delivered = receiver.requests[0]
        let id = try #require(delivered.header("webhook-id"))
        let timestamp = try #require(Int64(delivered.header("webhook-timestamp") ?? ""))
        #expect(
            delivered.header("webhook-signature") == Signer.standard(id: id, timestamp: timestamp, body: delivered.body)
        )
        let body = object(delivered)
        #expect(body["conversation"] as? String == "room-9")
        #expect(body["recipient"] as? String == "lee")
        #expect(body["inReplyTo"] as? String == "msg_out_1")
        #expect(body["bot"] as? Bool == true)
        #expect((body["text"] as? String)?.hasPrefix("Hi, I'm Haven") == true)

        // Looped back in (a misconfigured relay), Haven's own reply is not answered.
        let loop = try await client.postGeneric(
            server, body: delivered.body, id: id, timestamp: timestamp, signature: delivered.header("webhook-signature")
        )
        #expect(object(loop)["status"] as? String == "ignored")
        _ = server.stop()
        await receiver.shutdown()
        #expect(receiver.requestCount == 1)
    }
}

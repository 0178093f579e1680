import Foundation
import HavenCoreTesting
import HavenHTTP
import HavenServerTesting
import HavenStore
import Testing

/// The inbound endpoint of `haven serve`, over real HTTP on 127.0.0.1: each format, refusals,
/// deduplication, bots, rate limits and health. Most run the server in the test's process
/// (``InProcessServer``); the generic round trip reads the process's standard error for
/// privacy, and a missing secret is an exit status, so those two start `haven serve`.
@Suite struct WebhookInboundTests {
    @Test func genericMessageIsAnsweredInTheResponse() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints(), logLevel: "trace")
        let receiver = try await TestHTTPServer.start(responses: [])
        defer { Task { await receiver.shutdown() } }
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/out")]))
        let client = makeClient()
        defer { client.shutdown() }
        let text = "you never listen to me when I talk about my sister"
        let response = try await client.postGeneric(
            server, body: jsonBody(["conversation": "room-1", "sender": "alice", "text": text]))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        let answer = object(response)
        #expect(answer["status"] as? String == "replied")
        let replies = try #require(answer["replies"] as? [String])
        #expect(replies.count == 1)
        #expect(replies.first?.hasPrefix("Hi, I'm Haven") == true)

        // Commands use the chat-room prefixes.
        let help = try await client.postGeneric(
            server, body: jsonBody(["conversation": "room-1", "sender": "alice", "text": "!haven help"]))
        #expect((object(help)["replies"] as? [String])?.first?.contains("!haven topics") == true)

        let result = server.stop()
        #expect(result.status == 0)
        let conversations = try SQLiteDatabase(path: server.statePath).query("SELECT id, person FROM conversation")
        #expect(conversations.map { $0.map(\.text) } == [["webhook:generic:room-1:alice", "webhook:generic:alice"]])
        // Even at trace level, neither message text nor secrets reach the log.
        #expect(!result.stderrText.contains("my sister"))
        #expect(!result.stderrText.contains(TestSecrets.generic))
        #expect(!result.stderrText.contains(TestSecrets.slack))
        #expect(!result.stderrText.contains(TestSecrets.mattermost))
    }

    @Test func slackEventIsAcknowledgedAndItsReplyDelivered() async throws {
        let rig = try await StandardWebhookRig.start(receiverPath: "/slack-hook")
        defer { rig.close() }
        let (receiver, server, client) = (rig.receiver, rig.server, rig.client)

        let challenge = try await client.postSlack(
            server,
            body: jsonBody([
                "type": "url_verification", "token": "t",
                "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            ]))
        #expect(challenge.status == 200)
        #expect(object(challenge)["challenge"] as? String == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")

        let ack = try await client.postSlack(
            server, body: slackEvent(id: "Ev01", text: "he just walks out when we argue"))
        #expect(ack.status == 200)
        #expect(object(ack)["ok"] as? Bool == true)
        try await eventually("the reply reaches the incoming webhook") { receiver.requestCount >= 1 }
        let delivered = receiver.requests[0]
        #expect(delivered.method == "POST")
        #expect(delivered.path == "/slack-hook")
        #expect(delivered.header("Content-Type") == "application/json")
        #expect((object(delivered)["text"] as? String)?.hasPrefix("Hi, I'm Haven") == true)

        // A slash command: an empty acknowledgement, then an ephemeral reply to its response_url.
        let command = formBody([
            ("command", "/haven"), ("text", "she keeps checking my phone"), ("user_id", "U777"), ("channel_id", "C42"),
            ("response_url", receiver.url("/commands/1234")),
            ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
        ])
        let commandAck = try await client.postSlack(
            server, body: command, contentType: "application/x-www-form-urlencoded")
        #expect(commandAck.status == 200)
        #expect(commandAck.body.isEmpty)
        try await eventually("the slash command's reply reaches its response_url") { receiver.requestCount >= 2 }
        let response = try #require(receiver.requests.first { $0.path == "/commands/1234" })
        #expect(object(response)["response_type"] as? String == "ephemeral")
        #expect((object(response)["text"] as? String)?.isEmpty == false)

        // A slash command whose response_url is outside the allowed prefixes is refused.
        let foreign = formBody([
            ("text", "hello"), ("user_id", "U777"), ("channel_id", "C42"), ("response_url", "https://example.org/x"),
        ])
        #expect(
            try await client.postSlack(server, body: foreign, contentType: "application/x-www-form-urlencoded").status
                == 400)

        try await server.stop()
        #expect(try count("SELECT COUNT(*) FROM outbox", in: server.statePath) == 0)
        #expect(
            try count("SELECT COUNT(*) FROM conversation WHERE id = 'webhook:slack:C42:U123'", in: server.statePath)
                == 1)
    }

    @Test func mattermostIsAnsweredWithText() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try await InProcessServer.start(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        let form = formBody([
            ("token", TestSecrets.mattermost), ("team_id", "t1"), ("channel_id", "ch1"),
            ("channel_name", "town-square"), ("post_id", "p1"),
            ("user_id", "u1"), ("user_name", "sam"), ("text", "haven you never listen to me"),
            ("trigger_word", "haven"),
        ])
        let response = try await client.execute(
            HTTPRequest(
                method: .post, url: server.url("/webhooks/mattermost"),
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: form))
        #expect(response.status == 200)
        let text = try #require(object(response)["text"] as? String)
        #expect(text.hasPrefix("Hi, I'm Haven"))

        let json = jsonBody([
            "token": TestSecrets.mattermost, "channel_id": "ch1", "post_id": "p2", "user_id": "u2",
            "text": "whatever, you're pathetic",
        ])
        let second = try await client.execute(
            HTTPRequest(
                method: .post, url: server.url("/webhooks/mattermost"), headers: ["Content-Type": "application/json"],
                body: json))
        #expect(second.status == 200)
        #expect((object(second)["text"] as? String)?.isEmpty == false)
        try await server.stop()
        #expect(try count("SELECT COUNT(*) FROM conversation", in: server.statePath) == 2)
    }

    @Test func refusesBadRequestsWithoutTouchingTheDialogueOrTheStore() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try await InProcessServer.start(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        let secretText = "a private sentence that must never come back"
        let good = jsonBody(["conversation": "room-1", "sender": "alice", "text": secretText])

        struct Case {
            var name: String
            var response: HTTPResponse
            var status: Int
            var message: String
        }
        var cases: [Case] = []
        func check(_ name: String, _ response: HTTPResponse, _ status: Int, _ message: String) {
            cases.append(Case(name: name, response: response, status: status, message: message))
        }
        check(
            "wrong signature",
            try await client.postGeneric(
                server, body: good, signature: Signer.standard(id: "x", timestamp: Signer.now, body: good)),
            401, "the signature does not match")
        check(
            "signed with another key",
            try await client.postGeneric(
                server, body: good, id: "m1",
                signature: Signer.standard(id: "m1", timestamp: Signer.now, body: good, key: Array("other".utf8))),
            401, "the signature does not match")
        check(
            "missing signature",
            try await client.execute(
                HTTPRequest(
                    method: .post, url: server.url("/webhooks/generic"),
                    headers: [
                        "Content-Type": "application/json", "webhook-id": "m2", "webhook-timestamp": "\(Signer.now)",
                    ], body: good)),
            401, "missing 'webhook-signature' header")
        check(
            "stale timestamp", try await client.postGeneric(server, body: good, timestamp: Signer.now - 600), 401,
            "seconds from now")
        check(
            "future timestamp", try await client.postGeneric(server, body: good, timestamp: Signer.now + 600), 401,
            "seconds from now")
        let large = jsonBody(["conversation": "room-1", "sender": "alice", "text": String(repeating: "x", count: 5000)])
        check(
            "body over the limit", try await client.postGeneric(server, body: large), 413,
            "the body is larger than 4096 bytes")
        check(
            "malformed JSON",
            try await client.postGeneric(server, body: Array(#"{"conversation": "room-1", "sender": "#.utf8)), 400,
            "not a valid JSON object")
        check(
            "missing field",
            try await client.postGeneric(server, body: jsonBody(["conversation": "room-1", "text": secretText])), 400,
            "missing field 'sender'")
        check(
            "wrong content type", try await client.postGeneric(server, body: good, contentType: "text/plain"), 415,
            "content type 'text/plain'")
        check(
            "wrong method", try await client.execute(HTTPRequest(method: .get, url: server.url("/webhooks/generic"))),
            405,
            "method 'GET' is not allowed here; use POST")
        check(
            "unknown path", try await client.postGeneric(server, body: good, path: "/webhooks/nope"), 404,
            "no webhook endpoint at '/webhooks/nope'")
        let event = slackEvent(id: "Ev9", text: secretText)
        check(
            "slack wrong signature",
            try await client.postSlack(server, body: event, signature: "v0=" + String(repeating: "ab", count: 32)), 401,
            "the signature does not match")
        check(
            "slack missing signature", try await client.postSlack(server, body: event, signature: ""), 401,
            "missing 'x-slack-signature' header")
        check(
            "slack replayed timestamp", try await client.postSlack(server, body: event, timestamp: Signer.now - 301),
            401, "more than 300 seconds from now")
        check(
            "mattermost wrong token",
            try await client.execute(
                HTTPRequest(
                    method: .post, url: server.url("/webhooks/mattermost"),
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: formBody([("token", "guess"), ("channel_id", "c"), ("user_id", "u"), ("text", secretText)]))),
            401, "the token is missing or does not match")

        for item in cases {
            #expect(item.response.status == item.status, "\(item.name)")
            #expect(item.response.headers["Content-Type"] == "application/json", "\(item.name)")
            let error = object(item.response)
            #expect(error["error"] is String, "\(item.name)")
            let message = error["message"] as? String ?? ""
            #expect(message.contains(item.message), "\(item.name): \(message)")
            #expect(
                !item.response.text.contains(secretText) && !item.response.text.contains("xxxxx"),
                "\(item.name) echoes the message")
            #expect(
                !item.response.text.contains(TestSecrets.generic)
                    && !item.response.text.contains(TestSecrets.mattermost), "\(item.name)")
        }
        #expect(cases.first { $0.name == "wrong method" }?.response.headers["Allow"] == "POST")

        // A chunked body (no Content-Length) is cut off while it is read.
        let raw = try LineClient(port: server.port)
        let chunk = String(repeating: "y", count: 1000)
        let chunks = (0..<5).map { _ in "3e8\r\n\(chunk)\r\n" }.joined()
        raw.send(
            Array(
                ("POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + "webhook-id: m9\r\nwebhook-timestamp: \(Signer.now)\r\nwebhook-signature: v1,AAAA\r\n\r\n"
                    + chunks + "0\r\n\r\n").utf8))
        #expect(raw.readLine()?.hasPrefix("HTTP/1.1 413") == true)

        try await server.stop()
        #expect(try count("SELECT COUNT(*) FROM conversation", in: server.statePath) == 0)
        #expect(try count("SELECT COUNT(*) FROM handled_event", in: server.statePath) == 0)
        #expect(try count("SELECT COUNT(*) FROM outbox", in: server.statePath) == 0)
    }

    @Test func theSameDeliveryTwiceGetsOneReply() async throws {
        let rig = try await StandardWebhookRig.start(receiverPath: "/hook")
        defer { rig.close() }
        let (receiver, server, client) = (rig.receiver, rig.server, rig.client)
        let body = jsonBody(["conversation": "room-7", "sender": "kim", "text": "you never listen to me"])
        let first = try await client.postGeneric(server, body: body, id: "msg_same", timestamp: Signer.now - 1)
        let second = try await client.postGeneric(server, body: body, id: "msg_same")
        #expect((object(first)["replies"] as? [String])?.count == 1)
        #expect(object(second)["status"] as? String == "duplicate")
        #expect((object(second)["replies"] as? [String])?.isEmpty == true)

        // Slack retries an event (X-Slack-Retry-Num) with the same event_id: one delivered reply.
        let event = slackEvent(id: "EvDup", user: "U5", text: "he just walks out when we argue")
        #expect(try await client.postSlack(server, body: event).status == 200)
        #expect(try await client.postSlack(server, body: event).status == 200)
        // Concurrent copies too.
        async let third = client.postSlack(server, body: event)
        async let fourth = client.postSlack(server, body: event)
        #expect(try await [third.status, fourth.status] == [200, 200])
        try await eventually("the outbox is empty") {
            try count("SELECT COUNT(*) FROM outbox", in: server.statePath) == 0
        }
        try await server.stop()
        #expect(receiver.requestCount == 1)
        let state = try SQLiteDatabase(path: server.statePath).query(
            "SELECT state FROM conversation WHERE id = 'webhook:generic:room-7:kim'")
        #expect(state.first?.first?.text?.contains(#""turns":1"#) == true)
        #expect(
            try count("SELECT COUNT(*) FROM conversation WHERE id = 'webhook:slack:C42:U5'", in: server.statePath) == 1)
    }

    @Test func neverAnswersBotsOrItsOwnReplies() async throws {
        let rig = try await StandardWebhookRig.start(receiverPath: "/hook")
        defer { rig.close() }
        let (receiver, server, client) = (rig.receiver, rig.server, rig.client)
        let text = "you never listen to me"
        let bot = try await client.postGeneric(
            server, body: jsonBody(["conversation": "r", "sender": "other-bot", "text": text, "bot": true]))
        #expect(object(bot)["status"] as? String == "ignored")
        // Slack always gets 200; the acknowledgement says the event was ignored as a bot's.
        for (id, marker) in [("EvB1", ["bot_id": "B01"]), ("EvB2", ["subtype": "bot_message"])] {
            let ack = try await client.postSlack(server, body: slackEvent(id: id, text: text, extra: marker))
            #expect(ack.status == 200)
            #expect(object(ack)["ignored"] as? String == "bot")
        }
        let mattermost = try await client.execute(
            HTTPRequest(
                method: .post, url: server.url("/webhooks/mattermost"), headers: ["Content-Type": "application/json"],
                body: jsonBody([
                    "token": TestSecrets.mattermost, "channel_id": "c", "user_id": "u", "post_id": "p", "text": text,
                    "props": ["from_bot": "true"],
                ])))
        #expect(mattermost.status == 200)
        #expect(object(mattermost)["text"] == nil)

        // Haven's own reply, looped back in as a message, is not answered either.
        let real = try await client.postGeneric(
            server, body: jsonBody(["conversation": "r", "sender": "pat", "text": text]))
        let reply = try #require((object(real)["replies"] as? [String])?.first)
        let echo = try await client.postGeneric(
            server, body: jsonBody(["conversation": "r", "sender": "relay", "text": reply]))
        #expect(object(echo)["status"] as? String == "ignored")

        try await server.stop()
        #expect(receiver.requestCount == 0)
        #expect(try count("SELECT COUNT(*) FROM conversation", in: server.statePath) == 1)
    }

    @Test func limitsEachSendersRate() async throws {
        let config = try webhookConfig(
            endpoints: standardEndpoints(),
            rateLimit: #"{"perSenderPerMinute": 1, "perSenderBurst": 2, "globalPerSecond": 0}"#)
        let server = try await InProcessServer.start(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        func send(_ sender: String) async throws -> HTTPResponse {
            try await client.postGeneric(
                server, body: jsonBody(["conversation": "r", "sender": sender, "text": "hello there"]))
        }
        #expect(try await send("alice").status == 200)
        #expect(try await send("alice").status == 200)
        let limited = try await send("alice")
        #expect(limited.status == 429)
        #expect(object(limited)["error"] as? String == "rate-limited")
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(try await send("bob").status == 200, "other senders are not limited")
        try await server.stop()
    }

    @Test func reportsHealth() async throws {
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try await InProcessServer.start(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": "http://127.0.0.1:9/"]))
        let client = makeClient()
        defer { client.shutdown() }
        let before = try await client.execute(HTTPRequest(url: server.url("/healthz")))
        #expect(before.status == 200)
        #expect(object(before)["status"] as? String == "ready")
        let adapters = try #require(object(before)["adapters"] as? [String: Any])
        #expect((adapters["webhooks"] as? [String: Any])?["lastSuccess"] is NSNull)
        #expect(adapters["webhooks.delivery"] != nil)
        _ = try await client.postGeneric(server, body: jsonBody(["conversation": "r", "sender": "s", "text": "hello"]))
        let after = try await client.execute(HTTPRequest(url: server.url("/healthz")))
        let webhooks = (object(after)["adapters"] as? [String: Any])?["webhooks"] as? [String: Any]
        #expect((webhooks?["lastSuccess"] as? String)?.hasSuffix("Z") == true)
        #expect((object(after)["outbox"] as? [String: Any])?["pending"] as? Int == 0)
        #expect(try await client.execute(HTTPRequest(method: .post, url: server.url("/healthz"))).status == 405)
        try await server.stop()
    }

    @Test func aMissingSecretVariableIsAConfigurationError() throws {
        let config = try webhookConfig(
            endpoints:
                #"{"generic": {"path": "/g", "format": "generic", "secretEnv": "HAVEN_TEST_SECRET_THAT_IS_NOT_SET"}}"#)
        let result = try ChildProcess.run(
            HavenBinary.path, ["serve", "--rules", TestRules.promptsPath, "--config", config], timeout: 30)
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "$.adapters.webhooks.endpoints.generic.secretEnv: the environment variable 'HAVEN_TEST_SECRET_THAT_IS_NOT_SET' is not set"
            ))

        let typo = try temporaryConfig(
            #"{"adapters": {"webhooks": {"enabled": false, "prot": 1, "endpoints": {"a": {"format": "slak", "path": 7}}}}}"#
        )
        let problems = try ChildProcess.run(
            HavenBinary.path, ["serve", "--tcp", "127.0.0.1:0", "--config", typo], timeout: 30)
        #expect(problems.status == 78)
        #expect(problems.stderrText.contains("$.adapters.webhooks.prot: unknown key (did you mean 'port'?)"))
        #expect(
            problems.stderrText.contains(
                "$.adapters.webhooks.endpoints.a.format: expected one of generic, slack, mattermost, got \"slak\""))
        #expect(problems.stderrText.contains("$.adapters.webhooks.endpoints.a.path: expected text, got 7"))
    }
}

import Foundation
import HavenCore
import HavenHTTP
import HavenRuntime
import Testing

@testable import HavenWebhooks

/// The adapter's parts on their own: signatures, form bodies, Discord splitting, rate limits, config.
struct WebhookPartsTests {
    @Test func standardWebhookSignaturesFollowTheSpec() throws {
        // The example from the Standard Webhooks reference libraries.
        let key = try #require(WebhookSettings.signingKey(fromSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let scheme = StandardWebhookSignature(key: key)
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let signature = scheme.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        try scheme.verify(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: "v1,bm9wZQ== " + signature,
            body: body, now: 1_614_265_330,
            tolerance: 300)
        #expect(throws: WebhookError.badSignature) {
            try scheme.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: "v2,\(signature.dropFirst(3))",
                body: body,
                now: 1_614_265_330, tolerance: 300)
        }
        #expect(throws: WebhookError.staleTimestamp(1_614_265_330, toleranceSeconds: 300)) {
            try scheme.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: signature, body: body,
                now: 1_614_265_631, tolerance: 300)
        }
        #expect(WebhookSettings.signingKey(fromSecret: "whsec_***") == nil)
    }

    @Test func slackSignaturesFollowSlacksExample() throws {
        // The worked example in Slack's "Verifying requests from Slack".
        let body = Array(
            "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
                .utf8)
        let scheme = SlackSignature(secret: "8f742231b10e8888abcd99yyyzzz85a5")
        try scheme.verify(
            timestamp: "1531420618", signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            body: body, now: 1_531_420_618,
            tolerance: 300)
        #expect(throws: WebhookError.badSignature) {
            try scheme.verify(
                timestamp: "1531420618", signature: "v0=zz", body: body, now: 1_531_420_618, tolerance: 300)
        }
        let form = try FormBody(body)
        #expect(form["command"] == "/webhook-collect")
        #expect(
            form["response_url"] == "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN")
        #expect(form["text"] == "")
        #expect(try FormBody(Array("text=you+never%20listen%21".utf8))["text"] == "you never listen!")
        #expect(throws: WebhookError.malformedForm) { try FormBody(Array("text=%E2%28".utf8)) }
        #expect(throws: WebhookError.malformedForm) { try FormBody(Array("text=%4".utf8)) }
    }

    @Test func mattermostTokensCompareExactly() {
        let token = TokenComparison(expected: "abc123")
        #expect(token.matches("abc123"))
        #expect(!token.matches("abc12"))
        #expect(!token.matches("abc1234"))
        #expect(!token.matches(""))
    }

    @Test func discordPartsStayWithinTheLimit() {
        #expect(OutboundRenderer.discordParts("short") == ["short"])
        let words = Array(repeating: "listen", count: 700).joined(separator: " ")  // 4,899 characters
        let parts = OutboundRenderer.discordParts(words)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.utf16.count <= 2000 })
        #expect(parts.joined(separator: " ") == words, "split at spaces, nothing lost")
        let emoji = String(repeating: "💛", count: 1500)  // two UTF-16 units each
        #expect(OutboundRenderer.discordParts(emoji).allSatisfy { $0.utf16.count <= 2000 })
        let huge = String(repeating: "x", count: 20_000)
        let capped = OutboundRenderer.discordParts(huge)
        #expect(capped.count == OutboundRenderer.discordMaxParts)
        #expect(capped.last?.hasSuffix("…") == true && capped.last!.utf16.count <= 2000)
        #expect(OutboundRenderer.slackEscaped("<!channel> & you") == "&lt;!channel&gt; &amp; you")
        #expect(OutboundRenderer.mattermostQuiet("hey @all and @Channel") == "hey @\u{200B}all and @\u{200B}Channel")
    }

    @Test func discordsRetryAfterIsBoundedWhateverTheReceiverSays() {
        func delay(_ body: String) -> Duration? {
            OutboxDeliverer.discordRetryAfter(HTTPResponse(status: 429, body: Array(body.utf8)))
        }
        #expect(delay(#"{"retry_after": 1.5}"#) == .milliseconds(1500))
        // Past Int64 milliseconds: a wait, not a trap (the delivery policy caps it further).
        for huge in ["1e300", "9.3e15", "1e18"] {
            let wait = delay(#"{"retry_after": \#(huge)}"#)
            #expect(wait != nil && wait! > .seconds(86_400), "\(huge)")
        }
        #expect(delay(#"{"retry_after": -1}"#) == nil)
    }

    @Test func rateLimitsRefillOverTime() throws {
        var bucket = TokenBucket(capacity: 2, now: 0)
        #expect(bucket.take(now: 0, rate: 1, capacity: 2) == nil)
        #expect(bucket.take(now: 0, rate: 1, capacity: 2) == nil)
        #expect(bucket.take(now: 0, rate: 1, capacity: 2) == 1)
        #expect(bucket.take(now: 0.5, rate: 1, capacity: 2) == 0.5)
        #expect(bucket.take(now: 1.5, rate: 1, capacity: 2) == nil)
        var settings = WebhookSettings.RateLimit()
        settings.globalPerSecond = 1
        settings.globalBurst = 3
        let limiter = RateLimiter(settings: settings)
        for _ in 0..<3 { try limiter.admitRequest() }
        #expect(throws: WebhookError.rateLimited(scope: "to this server", retryAfter: 1)) { try limiter.admitRequest() }
    }

    @Test func readsTheWebhookSettings() {
        let json = #"""
            {"adapters": {"webhooks": {"port": 8080, "maxBodyBytes": 2048, "rateLimit": {"perSenderBurst": 3},
              "endpoints": {"team-chat": {"format": "mattermost", "tokenEnv": "MM"},
                            "ops": {"path": "/hooks/ops", "format": "slack", "secretEnv": "S",
                                    "outbound": {"urlEnv": "U", "maxAttempts": 3}}}}}}
            """#
        var reader = ConfigReader(data: Data(json.utf8), environment: [:])
        let webhooks = WebhookSettings.read(from: &reader)
        #expect(reader.problems == [])
        #expect(webhooks.port == 8080 && webhooks.maxBodyBytes == 2048 && webhooks.rateLimit.perSenderBurst == 3)
        #expect(webhooks.endpoints.map(\.name) == ["ops", "team-chat"])
        #expect(webhooks.endpoints[1].path == "/webhooks/team-chat")
        #expect(webhooks.endpoints[0].outbound?.format == .slack)
        #expect(webhooks.endpoints[0].outbound?.maxAttempts == 3)

        let bad = #"""
            {"adapters": {"webhooks": {"enabled": true, "endpoints": {"a": {"path": "/x", "format": "generic", "secretEnv": "HAVEN_NOT_SET_1"},
              "b": {"path": "/x", "format": "mattermost"}, "c d": {}}}}}
            """#
        var badReader = ConfigReader(data: Data(bad.utf8), environment: [:])
        _ = WebhookSettings.read(from: &badReader)
        let found = badReader.problems.map { "\($0.message) [\($0.code)]" }
        #expect(
            found.contains(
                "$.adapters.webhooks.endpoints.a.secretEnv: the environment variable 'HAVEN_NOT_SET_1' is not set [config-environment]"
            ))
        #expect(
            found.contains(
                "$.adapters.webhooks.endpoints.b.tokenEnv: a mattermost endpoint needs tokenEnv [config-missing]"))
        #expect(
            found.contains(
                "$.adapters.webhooks.endpoints.b.path: \"/x\" is already the path of endpoint \"a\" [config-conflict]"))
        #expect(
            found.contains(
                "$.adapters.webhooks.endpoints.c d: an endpoint name uses only letters, digits, '-' and '_', got \"c d\" [config-bad-value]"
            ))
    }
}

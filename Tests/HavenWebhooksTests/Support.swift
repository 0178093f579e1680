import Crypto
import Foundation
import HavenCoreTesting
import HavenHTTP
import HavenServerTesting
import HavenStore
import Logging

/// Secrets the tests give `haven serve` through its environment.
enum TestSecrets {
    static let genericKey = Array("haven-test-signing-key-0123456789".utf8)
    static let generic = "whsec_" + Data(genericKey).base64EncodedString()
    static let slack = "8f742231b10e8888abcd99yyyzzz85a5"
    static let mattermost = "mattermost-token-4c1d"

    /// The environment every test server gets, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HAVEN_TEST_GENERIC_SECRET": generic, "HAVEN_TEST_SLACK_SECRET": slack,
            "HAVEN_TEST_MATTERMOST_TOKEN": mattermost,
        ]
        for (key, value) in extra { environment[key] = value }
        return environment
    }
}

/// Signs like the platforms do, independently of Haven's own code.
enum Signer {
    /// `v1,<base64>` over `id.timestamp.body` (Standard Webhooks).
    static func standard(id: String, timestamp: Int64, body: [UInt8], key: [UInt8] = TestSecrets.genericKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(id).\(timestamp).".utf8) + body, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// `v0=<hex>` over `v0:timestamp:body` (Slack).
    static func slack(timestamp: Int64, body: [UInt8], secret: String = TestSecrets.slack) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("v0:\(timestamp):".utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
        return "v0=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}

/// Writes a config with the webhook adapter enabled on an ephemeral loopback port.
///
/// `endpoints` is the JSON object of endpoints; limits are generous and retries fast unless given;
/// `listener` adds settings of the listener itself (`"requestTimeoutSeconds": 1, `).
func webhookConfig(
    endpoints: String,
    listener: String = "",
    rateLimit: String = #"{"perSenderPerMinute": 6000, "perSenderBurst": 1000, "globalPerSecond": 0}"#,
    delivery: String = #"{"baseDelayMilliseconds": 20, "maxDelaySeconds": 2, "timeoutSeconds": 30}"#,
    logLevel: String = "info"
) throws -> String {
    try temporaryConfig(
        #"""
        {"version": 1, "rules": {"watch": false}, "log": {"level": "\#(logLevel)"},
         "adapters": {"webhooks": {"enabled": true, "host": "127.0.0.1", "port": 0, "maxBodyBytes": 4096, \#(listener)
           "rateLimit": \#(rateLimit), "delivery": \#(delivery), "endpoints": \#(endpoints)}}}
        """#)
}

/// The endpoint JSON most tests use: generic, Slack and Mattermost, replies to `outboundURL` where they go out.
/// A config whose generic endpoint keeps retrying its replies (1,000 attempts, 20 ms to 1 s apart):
/// for tests in which the receiver is down, hangs or the server is killed.
func patientGenericConfig() throws -> String {
    let endpoints = #"""
        {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET",
                     "outbound": {"format": "generic", "urlEnv": "HAVEN_TEST_OUT_URL", "maxAttempts": 1000}}}
        """#
    return try webhookConfig(endpoints: endpoints, delivery: #"{"baseDelayMilliseconds": 20, "maxDelaySeconds": 1}"#)
}

func standardEndpoints(slackOutboundURLEnv: String = "HAVEN_TEST_OUT_URL") -> String {
    #"""
    {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET"},
     "slack": {"path": "/webhooks/slack", "format": "slack", "secretEnv": "HAVEN_TEST_SLACK_SECRET",
               "responseURLPrefixes": ["http://127.0.0.1:"],
               "outbound": {"format": "slack", "urlEnv": "\#(slackOutboundURLEnv)"}},
     "mattermost": {"path": "/webhooks/mattermost", "format": "mattermost", "tokenEnv": "HAVEN_TEST_MATTERMOST_TOKEN"}}
    """#
}

/// A client for the tests' requests, with a silent logger.
func makeClient() -> HTTPClient {
    HTTPClient(
        configuration: HTTPClient.Configuration(connectTimeout: .seconds(5), timeout: .seconds(20)),
        logger: Logger(label: "haven.webhooks.test", factory: { _ in SwiftLogNoOpLogHandler() }))
}

/// A JSON body from a dictionary literal.
func jsonBody(_ object: [String: Any]) -> [UInt8] {
    Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
}

/// Percent-encodes form fields.
func formBody(_ fields: [(String, String)]) -> [UInt8] {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = fields.map { name, value in
        name.addingPercentEncoding(withAllowedCharacters: allowed)! + "=" + value.addingPercentEncoding(
            withAllowedCharacters: allowed)!
    }
    return Array(encoded.joined(separator: "&").utf8)
}

extension HTTPClient {
    /// POSTs a generic message signed with Standard Webhooks (or as `signature` says).
    func postGeneric(
        _ server: some WebhookListener, body: [UInt8], id: String = "msg_" + UUID().uuidString,
        timestamp: Int64 = Signer.now,
        signature: String? = nil, contentType: String = "application/json", path: String = "/webhooks/generic"
    ) async throws -> HTTPResponse {
        let headers: HTTPHeaders = [
            "Content-Type": contentType, "webhook-id": id, "webhook-timestamp": "\(timestamp)",
            "webhook-signature": signature ?? Signer.standard(id: id, timestamp: timestamp, body: body),
        ]
        return try await execute(HTTPRequest(method: .post, url: server.url(path), headers: headers, body: body))
    }

    /// POSTs a Slack request signed with the v0 scheme (or as `signature` says).
    func postSlack(
        _ server: some WebhookListener, body: [UInt8], contentType: String = "application/json",
        timestamp: Int64 = Signer.now,
        signature: String? = nil
    ) async throws -> HTTPResponse {
        let headers: HTTPHeaders = [
            "Content-Type": contentType, "X-Slack-Request-Timestamp": "\(timestamp)",
            "X-Slack-Signature": signature ?? Signer.slack(timestamp: timestamp, body: body),
        ]
        return try await execute(
            HTTPRequest(method: .post, url: server.url("/webhooks/slack"), headers: headers, body: body))
    }
}

/// A Slack Events API `message` event.
func slackEvent(id: String, user: String = "U123", channel: String = "C42", text: String, extra: [String: Any] = [:])
    -> [UInt8]
{
    var event: [String: Any] = [
        "type": "message", "user": user, "channel": channel, "text": text, "ts": "1700000000.000100",
    ]
    for (key, value) in extra { event[key] = value }
    return jsonBody(["type": "event_callback", "event_id": id, "team_id": "T1", "event": event])
}

/// The JSON object of a response body.
func object(_ response: HTTPResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
}

/// The JSON object of a request body the receiver got.
func object(_ request: TestHTTPRequest) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
}

/// A number from the state file (say, `SELECT COUNT(*) FROM outbox`), read through a connection of its own.
func count(_ sql: String, in path: String) throws -> Int {
    Int(try SQLiteDatabase(path: path).query(sql).first?.first?.integer ?? -1)
}

/// Waits until `condition` holds, checking every 20 ms; throws after `limit` (a bound, not an assertion on speed).
func eventually(within limit: Duration = .seconds(20), _ what: String, _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("never happened: \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// `haven serve` in the test's process with the standard endpoints, an outbound receiver that
/// answers "ok", and a client.
struct StandardWebhookRig {
    let receiver: TestHTTPServer
    let server: InProcessServer
    let client: HTTPClient

    static func start(receiverPath: String = "/hook") async throws -> StandardWebhookRig {
        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .text("ok"))
        let config = try webhookConfig(endpoints: standardEndpoints())
        let server = try await InProcessServer.start(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url(receiverPath)]))
        return StandardWebhookRig(receiver: receiver, server: server, client: makeClient())
    }

    func close() {
        client.shutdown()
        let receiver = receiver
        Task { await receiver.shutdown() }
    }
}

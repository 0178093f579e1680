import Foundation
import HavenCoreTesting
import HavenHTTP
import HavenMatrix
import HavenRuntime
import HavenServerTesting
import Logging

/// A person using Matrix, driven by the tests over the real client-server API.
struct MatrixHuman {
    let user: String
    let token: String
    let baseURL: String
    let http: HTTPClient

    init(user: String, token: String, baseURL: String) {
        self.user = user
        self.token = token
        self.baseURL = baseURL
        http = HTTPClient(logger: Logger(label: "test.matrix.human"))
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, prefix: String = "/_matrix/client/v3")
        async throws -> JSONValue
    {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequest(
            method: method, url: baseURL + prefix + path, headers: headers, body: body?.bytes ?? [])
        let response = try await http.execute(
            request, retry: RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(200), maxDelay: .seconds(3)))
        guard response.isSuccess else { throw TestFailure("\(method) \(path): \(response.status) \(response.text)") }
        return JSONValue(parsing: response.body) ?? .null
    }

    static func segment(_ value: String) -> String { MatrixClient.segment(value) }

    /// Creates a room and invites `invite`; `direct` makes it a DM, `encrypted` turns on encryption.
    func createRoom(invite: [String], direct: Bool = true, encrypted: Bool = false) async throws -> String {
        var body: [String: JSONValue] = [
            "preset": .string("private_chat"), "is_direct": .bool(direct), "invite": .array(invite.map { .string($0) }),
        ]
        if encrypted {
            body["initial_state"] = .array([
                .object([
                    "type": .string("m.room.encryption"), "state_key": .string(""),
                    "content": .object(["algorithm": .string("m.megolm.v1.aes-sha2")]),
                ])
            ])
        }
        guard let room = try await call(.post, "/createRoom", .object(body))["room_id"]?.string else {
            throw TestFailure("no room id")
        }
        return room
    }

    func join(_ room: String) async throws { try await call(.post, "/rooms/\(Self.segment(room))/join", .object([:])) }

    /// Sends a text message and returns its event id.
    func send(_ text: String, to room: String, mentions: [String] = []) async throws -> String {
        var content: [String: JSONValue] = ["msgtype": .string("m.text"), "body": .string(text)]
        if !mentions.isEmpty { content["m.mentions"] = .object(["user_ids": .array(mentions.map { .string($0) })]) }
        let path = "/rooms/\(Self.segment(room))/send/m.room.message/\(UUID().uuidString)"
        guard let id = try await call(.put, path, .object(content))["event_id"]?.string else {
            throw TestFailure("no event id")
        }
        return id
    }

    func members(_ room: String) async throws -> [String] {
        let json = try await call(.get, "/rooms/\(Self.segment(room))/joined_members")
        return Array((json["joined"]?.object ?? [:]).keys)
    }

    /// The room's messages from `sender`, oldest first.
    func messages(in room: String, from sender: String) async throws -> [JSONValue] {
        let json = try await call(.get, "/rooms/\(Self.segment(room))/messages?dir=b&limit=1000")
        let events = (json["chunk"]?.array ?? []).filter {
            $0["sender"]?.string == sender && $0["type"]?.string == "m.room.message"
        }
        return events.reversed()
    }

    /// Waits (up to `timeout` seconds) until `condition` holds.
    func waitUntil(timeout: Double = 60, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return try await condition()
    }
}

/// A `haven serve` with the Matrix adapter (and TCP on port 0, so the tests know it is up);
/// `settings` adds keys to `adapters.matrix`, such as `"maxBackfillEvents": 30`.
/// `syncTimeoutSeconds` sets the long poll (the watchdog restarts a sync after three of them).
func startBot(
    token: String, user: String, baseURL: String, state: String? = nil, settings: String = "",
    syncTimeoutSeconds: Int = 5,
    rules: String = TestRules.promptsPath
) throws -> ServeProcess {
    let config = try temporaryConfig(
        """
        {"version": 1, "log": {"level": "info"},
         "adapters": {"matrix": {"enabled": true, "homeserver": "\(baseURL)", "userID": "\(user)",
                                 "accessTokenEnv": "HAVEN_TEST_MATRIX_TOKEN", "syncTimeoutSeconds": \(syncTimeoutSeconds), "maxBackoffSeconds": 8
                                 \(settings.isEmpty ? "" : ", " + settings)}}}
        """)
    return try ServeProcess(rules: rules, state: state, config: config, environment: ["HAVEN_TEST_MATRIX_TOKEN": token])
}

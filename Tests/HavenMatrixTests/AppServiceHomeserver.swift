import Foundation
import HavenCoreTesting
import HavenHTTP
import HavenRuntime
import HavenServerTesting
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A Synapse of its own with Haven registered as its application service, for the whole test
/// process: the registration (from `haven matrix registration`) must be in place when Synapse
/// starts, and names the port Haven will listen on, reserved until Haven takes it.
final class AppServiceHomeserver: @unchecked Sendable {
    let synapse: SynapseHarness
    /// Haven's appservice port, the one in the registration.
    let port: Int
    let asToken = "as-" + UUID().uuidString
    let hsToken = "hs-" + UUID().uuidString
    let botUser = "@haven-as:localhost"
    /// What `haven matrix registration --output` wrote.
    let registration: String
    private var reserved: ReservedPort?

    static let shared: Result<AppServiceHomeserver, TestFailure> = {
        do {
            return .success(try AppServiceHomeserver())
        } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    private init() throws {
        let reserved = try ReservedPort.refusing()
        self.reserved = reserved
        port = reserved.port
        let directory = TestRules.repositoryRoot.appendingPathComponent(
            ".build/synapse-appsvc-\(UUID().uuidString.prefix(8))"
        ).path
        var written = ""
        let (asToken, hsToken, port, bot) = (asToken, hsToken, port, botUser)
        synapse = try SynapseHarness(directory: directory) { directory in
            // The homeserver's URL is not known yet, and the registration does not need it.
            let config = try Self.config(homeserver: "http://127.0.0.1:9", port: port, bot: bot)
            let file = directory + "/haven-registration.yaml"
            let result = try HavenBinary.run(
                ["matrix", "registration", "--config", config, "--output", file],
                environment: ["HAVEN_TEST_AS_TOKEN": asToken, "HAVEN_TEST_HS_TOKEN": hsToken])
            guard result.status == 0 else { throw TestFailure("registration failed: \(result.stderrText)") }
            written = try String(contentsOfFile: file, encoding: .utf8)
            try "app_service_config_files: [\"\(file)\"]\n".write(
                toFile: directory + "/conf.d/60-haven-appservice.yaml", atomically: true, encoding: .utf8)
        }
        registration = written
    }

    /// A config for the bot in appservice mode on `port`, its tokens in `HAVEN_TEST_AS_TOKEN` and `HAVEN_TEST_HS_TOKEN`.
    static func config(homeserver: String, port: Int, bot: String, extra: String = "") throws -> String {
        try temporaryConfig(
            """
            {"version": 1, "log": {"level": "info"},
             "adapters": {"matrix": {"enabled": true, "mode": "appservice", "homeserver": "\(homeserver)",
                "userID": "\(bot)", "maxBackoffSeconds": 2\(extra),
                "appservice": {"id": "haven-test", "host": "127.0.0.1", "port": \(port),
                   "url": "http://127.0.0.1:\(port)", "asTokenEnv": "HAVEN_TEST_AS_TOKEN",
                   "hsTokenEnv": "HAVEN_TEST_HS_TOKEN"}}}}
            """)
    }

    /// Starts `haven serve` in appservice mode on the registered port and waits until it listens.
    func startHaven(state: String) throws -> ChildProcess {
        reserved?.close()
        reserved = nil
        let config = try Self.config(homeserver: synapse.baseURL, port: port, bot: botUser)
        let child = try ChildProcess(
            HavenBinary.path, ["serve", "--rules", TestRules.promptsPath, "--state", state, "--config", config],
            environment: ["HAVEN_TEST_AS_TOKEN": asToken, "HAVEN_TEST_HS_TOKEN": hsToken])
        guard let line = child.readStdoutLine(timeout: 60), line == "listening matrix-appservice 127.0.0.1 \(port)"
        else {
            child.signal(SIGKILL)
            throw TestFailure("haven serve did not listen: \(child.wait(timeout: 5).stderrText)")
        }
        return child
    }

    /// A person on this homeserver, a fresh user.
    func human(_ name: String) throws -> MatrixHuman {
        let account = try synapse.register("\(name)-\(UUID().uuidString.prefix(6).lowercased())")
        return MatrixHuman(user: account.user, token: account.token, baseURL: synapse.baseURL)
    }

    /// Sends a request to Haven's appservice listener as the homeserver would (`token` nil: no
    /// `Authorization` header) and returns (status, body).
    func push(
        _ method: HTTPMethod, _ path: String, body: [UInt8] = [], token: String?
    ) async throws -> (status: Int, body: JSONValue?) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let http = HTTPClient(logger: Logger(label: "test.matrix.homeserver"))
        defer { http.shutdown() }
        let response = try await http.execute(
            HTTPRequest(method: method, url: "http://127.0.0.1:\(port)" + path, headers: headers, body: body))
        return (response.status, JSONValue(parsing: response.body))
    }

    /// A transaction body with `events`.
    static func transaction(_ events: [JSONValue]) -> [UInt8] { JSONValue.object(["events": .array(events)]).bytes }

    /// A message event from `sender` in `room`, as the homeserver pushes one (the id made up).
    static func message(_ text: String, from sender: String, in room: String) -> JSONValue {
        .object([
            "type": .string("m.room.message"), "room_id": .string(room), "sender": .string(sender),
            "event_id": .string("$test-\(UUID().uuidString)"), "origin_server_ts": .number(1),
            "content": .object(["msgtype": .string("m.text"), "body": .string(text)]),
        ])
    }
}

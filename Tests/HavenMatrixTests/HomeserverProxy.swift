import HavenHTTP
import HavenTesting
import Logging
import Synchronization

/// A reverse proxy on 127.0.0.1 between Haven and the homeserver that can misbehave in two ways.
///
/// It can hold back the answer to a join: the join takes effect on the homeserver at once, but Haven
/// hears of it only on ``releaseJoins()``. That opens, on purpose, the window in which a person can
/// write before the bot knows it is in the room. And it can refuse every `/messages` request, as a
/// homeserver that will not page back through a room's history.
final class HomeserverProxy: Sendable {
    /// Whether joins may answer; shared with the server's handler, which exists before the proxy.
    private final class Gate: Sendable {
        let released = Mutex(false)
    }

    private let server: TestHTTPServer
    private let gate: Gate

    private init(server: TestHTTPServer, gate: Gate) {
        self.server = server
        self.gate = gate
    }

    /// Starts a proxy to `upstream` (a base URL) that holds every join's answer until released
    /// (unless `holdingJoins` is false) and answers `/messages` with `messagesStatus` when given.
    static func start(upstream: String, holdingJoins: Bool = true, messagesStatus: Int? = nil) async throws -> HomeserverProxy {
        let http = HTTPClient(logger: Logger(label: "test.matrix.proxy"))
        let gate = Gate()
        if !holdingJoins { gate.released.withLock { $0 = true } }
        let server = try await TestHTTPServer.start { request in
            if let messagesStatus, request.path.hasSuffix("/messages") {
                return .json(#"{"errcode": "M_FORBIDDEN", "error": "refused by the test proxy"}"#, status: messagesStatus)
            }
            var headers = HTTPHeaders()
            for field in request.headers where ["authorization", "content-type"].contains(field.name.lowercased()) {
                headers[field.name] = field.value
            }
            let forwarded = HTTPRequest(
                method: HTTPMethod(rawValue: request.method), url: upstream + request.uri, headers: headers, body: request.body, timeout: .seconds(60))
            guard let response = try? await http.execute(forwarded) else { return .hangUp }
            if request.method == "POST" && request.path.hasSuffix("/join") {
                while !gate.released.withLock({ $0 }) {
                    guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return .hangUp }
                }
            }
            return TestHTTPResponse(status: response.status, headers: [("Content-Type", "application/json")], body: .bytes(response.body))
        }
        return HomeserverProxy(server: server, gate: gate)
    }

    var baseURL: String { server.baseURL }

    /// Lets held and later joins answer.
    func releaseJoins() { gate.released.withLock { $0 = true } }

    func shutdown() async { await server.shutdown() }
}

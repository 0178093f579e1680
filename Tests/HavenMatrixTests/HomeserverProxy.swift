import HavenHTTP
import HavenServerTesting
import Logging
import Synchronization
import Testing

/// A reverse proxy on 127.0.0.1 between Haven and the homeserver that can misbehave.
///
/// It can be switched into a ``Fault`` at any time, for every request that arrives after. It can hold back the answer to a join: the join takes effect on the homeserver at once, but Haven
/// hears of it only on ``releaseJoins()``. That opens, on purpose, the window in which a person can
/// write before the bot knows it is in the room. And it can refuse every `/messages` request, as a
/// homeserver that will not page back through a room's history.
final class HomeserverProxy: Sendable {
    /// How the proxy misbehaves, as a homeserver or the network to it can.
    enum Fault: Sendable, CustomTestStringConvertible {
        /// A request is held without an answer until the fault is cleared, then its connection is
        /// closed (the answer never comes).
        case hang
        /// The answer comes, but `chunkSize` bytes at a time every `interval`.
        case trickle(chunkSize: Int, interval: Duration)
        /// The connection is closed as soon as the request arrives; the homeserver never sees it.
        case reset
        /// Requests with this method reach the homeserver and take effect there, but the
        /// connection is closed before the answer: the client cannot know that they did.
        case answerLost(method: String)

        var testDescription: String {
            switch self {
            case .hang: "hang"
            case .trickle: "trickle"
            case .reset: "reset"
            case .answerLost(let method): "answer to \(method) lost"
            }
        }
    }

    /// Whether joins may answer, and the fault now in force; shared with the server's handler,
    /// which exists before the proxy.
    private final class Gate: Sendable {
        let released = Mutex(false)
        let fault = Mutex<Fault?>(nil)
    }

    private let server: TestHTTPServer
    private let gate: Gate

    private init(server: TestHTTPServer, gate: Gate) {
        self.server = server
        self.gate = gate
    }

    /// Starts a proxy to `upstream` (a base URL) that holds every join's answer until released
    /// (unless `holdingJoins` is false) and answers `/messages` with `messagesStatus` when given.
    static func start(upstream: String, holdingJoins: Bool = true, messagesStatus: Int? = nil) async throws
        -> HomeserverProxy
    {
        let http = HTTPClient(logger: Logger(label: "test.matrix.proxy"))
        let gate = Gate()
        if !holdingJoins { gate.released.withLock { $0 = true } }
        let server = try await TestHTTPServer.start { request in
            let fault = gate.fault.withLock { $0 }
            switch fault {
            case .hang:
                while gate.fault.withLock({ if case .hang = $0 { true } else { false } }) {
                    guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { break }
                }
                return .hangUp
            case .reset:
                return .hangUp
            case .trickle, .answerLost, nil:
                break
            }
            if let messagesStatus, request.path.hasSuffix("/messages") {
                return .json(
                    #"{"errcode": "M_FORBIDDEN", "error": "refused by the test proxy"}"#, status: messagesStatus)
            }
            var headers = HTTPHeaders()
            for field in request.headers where ["authorization", "content-type"].contains(field.name.lowercased()) {
                headers[field.name] = field.value
            }
            let forwarded = HTTPRequest(
                method: HTTPMethod(rawValue: request.method), url: upstream + request.uri, headers: headers,
                body: request.body, timeout: .seconds(60))
            guard let response = try? await http.execute(forwarded) else { return .hangUp }
            if request.method == "POST" && request.path.hasSuffix("/join") {
                while !gate.released.withLock({ $0 }) {
                    guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return .hangUp }
                }
            }
            if case .answerLost(let method) = fault, method == request.method { return .hangUp }
            let answer = TestHTTPResponse(
                status: response.status, headers: [("Content-Type", "application/json")], body: .bytes(response.body))
            if case .trickle(let chunkSize, let interval) = fault {
                return answer.paced(chunkSize: chunkSize, every: interval)
            }
            return answer
        }
        return HomeserverProxy(server: server, gate: gate)
    }

    var baseURL: String { server.baseURL }

    /// Misbehaves with `fault` from now on, or behaves again when it is nil.
    func set(_ fault: Fault?) { gate.fault.withLock { $0 = fault } }

    /// Lets held and later joins answer.
    func releaseJoins() { gate.released.withLock { $0 = true } }

    func shutdown() async { await server.shutdown() }
}

import HavenCoreTesting
import HavenHTTP
import HavenServerTesting
import Logging
import Synchronization

/// A client with a silent logger (or the one given).
func makeClient(
    _ configuration: HTTPClient.Configuration = HTTPClient.Configuration(),
    logger: Logger = Logger(label: "haven.http.test", factory: { _ in SwiftLogNoOpLogHandler() })
) -> HTTPClient {
    HTTPClient(configuration: configuration, logger: logger)
}

/// Runs `body` with a server answering `responses` in order, and always shuts the server down.
func withServer<T>(
    _ responses: [TestHTTPResponse],
    _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
    try await running(try await TestHTTPServer.start(responses: responses), body)
}

/// Runs `body` with `server`, shutting the server down however `body` ends.
private func running<T>(_ server: TestHTTPServer, _ body: (TestHTTPServer) async throws -> T) async throws -> T {
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// Runs `body` with a server answering through `handler`, and always shuts the server down.
func withServer<T>(
    handler: @escaping TestHTTPServer.Handler,
    _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
    try await running(try await TestHTTPServer.start(handler: handler), body)
}

/// The error `operation` throws, or `nil` when it returns a response.
func failure(of operation: () async throws(HTTPClientError) -> HTTPResponse) async -> HTTPClientError? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error
    }
}

/// Waits until `condition` holds, checking every 10 ms; fails the test after `limit`.
func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("condition not met within \(limit)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A retry sleep that records each delay instead of waiting.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    /// The delays asked for, in order.
    var recorded: [Duration] { delays.withLock { $0 } }

    /// Records without waiting.
    var instant: @Sendable (Duration) async throws -> Void {
        { [self] delay in delays.withLock { $0.append(delay) } }
    }

    /// Records, then really waits.
    var waiting: @Sendable (Duration) async throws -> Void {
        { [self] delay in
            delays.withLock { $0.append(delay) }
            try await Task.sleep(for: delay)
        }
    }
}

extension HTTPClientError {
    /// The case name, for readable expectations: `"timedOut"`, `"connectFailed"`, ...
    var kind: String {
        switch self {
        case .invalidURL: "invalidURL"
        case .invalidMethod: "invalidMethod"
        case .invalidHeader: "invalidHeader"
        case .connectFailed: "connectFailed"
        case .timedOut: "timedOut"
        case .connectionLost: "connectionLost"
        case .tls: "tls"
        case .responseTooLarge: "responseTooLarge"
        case .transport: "transport"
        case .cancelled: "cancelled"
        case .shutDown: "shutDown"
        }
    }
}

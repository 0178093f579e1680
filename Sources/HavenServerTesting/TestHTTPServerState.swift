import NIOCore
import Synchronization

/// What ``TestHTTPServer`` shares between its connections: the script, the records and the open work.
final class TestHTTPServerState: Sendable {
    private struct Records {
        var requests: [TestHTTPRequest] = []
        var deliveries: [TestHTTPDelivery] = []
        var connections = 0
        var channels: [ObjectIdentifier: any Channel] = [:]
        var tasks: [Task<Void, Never>] = []
        var accepting = true
    }

    private let handler: TestHTTPServer.Handler
    private let records = Mutex(Records())

    init(handler: @escaping TestHTTPServer.Handler) {
        self.handler = handler
    }

    var requests: [TestHTTPRequest] { records.withLock { $0.requests } }
    var deliveries: [TestHTTPDelivery] { records.withLock { $0.deliveries } }
    var connectionCount: Int { records.withLock { $0.connections } }

    /// Tracks a new connection until it closes; refuses it once shutdown has begun.
    func open(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = records.withLock { records in
            guard records.accepting else { return false }
            records.connections += 1
            records.channels[id] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { _ in
                self.records.withLock { _ = $0.channels.removeValue(forKey: id) }
            }
        }
        return accepted
    }

    /// Numbers and stores a request.
    func record(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) -> TestHTTPRequest
    {
        let now = ContinuousClock.now
        return records.withLock { records in
            let request = TestHTTPRequest(
                index: records.requests.count,
                method: method,
                uri: uri,
                headers: headers,
                body: body,
                receivedAt: now
            )
            records.requests.append(request)
            return request
        }
    }

    func record(_ delivery: TestHTTPDelivery) {
        records.withLock { $0.deliveries.append(delivery) }
    }

    /// Runs the script for `request` on a task, then fulfils `promise` after the response's delay.
    ///
    /// The promise is always completed, with a `CancellationError` when shutdown cancels the wait.
    func respond(to request: TestHTTPRequest, promise: EventLoopPromise<TestHTTPResponse>) {
        let handler = self.handler
        let task = Task {
            let response = await handler(request)
            if response.delay > .zero {
                do {
                    try await Task.sleep(for: response.delay)
                } catch {
                    promise.fail(error)
                    return
                }
            }
            promise.succeed(response)
        }
        records.withLock { $0.tasks.append(task) }
    }

    /// Stops taking connections, closes the open ones and cancels and awaits the scripts still running.
    func closeEverything() async {
        let channels = records.withLock { records in
            records.accepting = false
            return Array(records.channels.values)
        }
        for channel in channels {
            try? await channel.close()
        }
        let tasks = records.withLock { $0.tasks }
        for task in tasks {
            task.cancel()
            await task.value
        }
    }
}

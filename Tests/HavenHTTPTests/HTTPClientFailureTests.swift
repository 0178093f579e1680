import HavenHTTP
import HavenServerTesting
import Testing

/// Requests that fail: timeouts, refused or broken connections, oversized bodies, cancellation, bad input.
struct HTTPClientFailureTests {
    @Test func slowResponseBeyondTotalTimeoutTimesOut() async throws {
        try await withServer([TestHTTPResponse.text("too late").delayed(by: .seconds(30))]) { server in
            let client = makeClient(HTTPClient.Configuration(timeout: .milliseconds(500)))
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/slow")))
            }
            #expect(error?.kind == "timedOut")
            #expect(error?.isTransient == true)
            #expect(error?.description.contains("'127.0.0.1:\(server.port)'") == true)
        }
    }

    @Test func perRequestTimeoutOverridesConfiguration() async throws {
        try await withServer([TestHTTPResponse.text("too late").delayed(by: .seconds(30))]) { server in
            let client = makeClient(HTTPClient.Configuration(timeout: .seconds(60)))
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/slow"), timeout: .milliseconds(300)))
            }
            #expect(error?.kind == "timedOut")
        }
    }

    @Test func stalledTrickleHitsTheLowSpeedLimit() async throws {
        try await withServer([.trickle(bytes: 100, every: .milliseconds(300))]) { server in
            let client = makeClient(HTTPClient.Configuration(lowSpeedLimit: 1000, lowSpeedTime: .seconds(1)))
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/trickle")))
            }
            #expect(error?.kind == "timedOut")
        }
    }

    @Test func connectionRefusedIsAClearError() async throws {
        let port = try ReservedPort.refusing()
        defer { port.close() }
        let client = makeClient()
        defer { client.shutdown() }
        let error = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: port.baseURL + "/nothing"))
        }
        #expect(error?.kind == "connectFailed")
        #expect(error?.isTransient == true)
        #expect(error?.description.hasPrefix("cannot connect to '127.0.0.1:\(port.port)'") == true)
    }

    @Test func unansweredConnectHitsTheConnectTimeout() async throws {
        let port = try ReservedPort.stalling()
        defer { port.close() }
        let client = makeClient(HTTPClient.Configuration(connectTimeout: .milliseconds(500)))
        defer { client.shutdown() }
        let error = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: port.baseURL + "/"))
        }
        #expect(error?.kind == "timedOut")
        #expect(error?.description.contains("127.0.0.1:\(port.port)") == true)
    }

    @Test func fiftyMegabytesOverTheCapAbortsAtTheDeclaredLength() async throws {
        let size = 50_000_000
        try await withServer([.streamed(bytes: size)]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/huge")))
            }
            #expect(error == .responseTooLarge(host: "127.0.0.1:\(server.port)", limit: 4 * 1024 * 1024))
            let delivery = try #require(await server.deliveries(atLeast: 1).first)
            #expect(!delivery.completed)
            #expect(delivery.sentBodyBytes < size)
        }
    }

    @Test func fiftyMegabytesChunkedOverTheCapAbortsWhileReading() async throws {
        let size = 50_000_000
        let cap = 4 * 1024 * 1024
        try await withServer([.streamed(bytes: size, declaresLength: false)]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/huge")))
            }
            #expect(error == .responseTooLarge(host: "127.0.0.1:\(server.port)", limit: cap))
            let delivery = try #require(await server.deliveries(atLeast: 1).first)
            #expect(!delivery.completed)
            // The client read up to the cap before refusing (the server counts whole 64 KiB chunks
            // only), and the server never got near the end.
            #expect(delivery.sentBodyBytes >= cap - 64 * 1024)
            #expect(delivery.sentBodyBytes < size)
        }
    }

    @Test func capIsConfigurable() async throws {
        try await withServer([.text(String(repeating: "x", count: 2000)), .text("small")]) { server in
            let client = makeClient(HTTPClient.Configuration(maxResponseSize: 1000))
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/big")))
            }
            #expect(error?.kind == "responseTooLarge")
            #expect(error?.description == "response from '127.0.0.1:\(server.port)' is larger than 1000 bytes")
            let response = try await client.execute(HTTPRequest(url: server.url("/small")))
            #expect(response.text == "small")
        }
    }

    @Test func serverClosingMidBodyIsATransportError() async throws {
        try await withServer([.truncated(declaredLength: 100_000, sending: 10_000)]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/cut")))
            }
            #expect(error?.kind == "connectionLost")
            #expect(error?.isTransient == true)
            let delivery = try #require(await server.deliveries(atLeast: 1).first)
            #expect(delivery.sentBodyBytes == 10_000)
            #expect(!delivery.completed)
        }
    }

    @Test func serverHangingUpWithoutAnswerIsATransportError() async throws {
        try await withServer([.hangUp]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/void")))
            }
            #expect(error?.kind == "connectionLost")
            #expect(server.requestCount == 1)
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        try await withServer([TestHTTPResponse.text("never").delayed(by: .seconds(60))]) { server in
            let client = makeClient(HTTPClient.Configuration(timeout: .seconds(30)))
            defer { client.shutdown() }
            let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
                try await client.execute(HTTPRequest(url: server.url("/wait")))
            }
            try await eventually { server.requestCount == 1 }
            task.cancel()
            let result = await task.result
            #expect(throws: HTTPClientError.cancelled) { try result.get() }
        }
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        try await withServer([.text("unused")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(HTTPRequest(url: server.url("/no")))
            }
            await #expect(throws: HTTPClientError.cancelled) { try await task.result.get() }
            #expect(server.requestCount == 0)
        }
    }

    @Test func shutdownFailsRequestsInFlight() async throws {
        try await withServer([TestHTTPResponse.text("never").delayed(by: .seconds(60))]) { server in
            let client = makeClient(HTTPClient.Configuration(timeout: .seconds(30)))
            let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
                try await client.execute(HTTPRequest(url: server.url("/wait")))
            }
            try await eventually { server.requestCount == 1 }
            client.shutdown()
            await #expect(throws: HTTPClientError.shutDown) { try await task.result.get() }
        }
    }

    @Test func clientReleasedWithoutShutdownTearsDownInDeinit() async throws {
        try await withServer([.text("one"), .text("two")]) { server in
            for expected in ["one", "two"] {
                weak var released: HTTPClient?
                do {
                    let client = makeClient()
                    released = client
                    let response = try await client.execute(HTTPRequest(url: server.url("/")))
                    #expect(response.text == expected)
                }
                // Nothing (its own loop thread included) keeps the client alive, so its deinit runs.
                #expect(released == nil)
            }
            #expect(server.requestCount == 2)
        }
    }

    @Test func shutDownClientRefusesRequests() async throws {
        try await withServer([.text("first")]) { server in
            let client = makeClient()
            let response = try await client.execute(HTTPRequest(url: server.url("/")))
            #expect(response.text == "first")
            client.shutdown()
            client.shutdown()
            let error = await failure { () async throws(HTTPClientError) in
                try await client.execute(HTTPRequest(url: server.url("/")))
            }
            #expect(error == .shutDown)
            #expect(server.requestCount == 1)
        }
    }

    @Test(arguments: [
        "ftp://example.org/file", "not a url", "http://exa mple.org/", "/relative/path", "file:///etc/passwd",
    ])
    func invalidURLIsRejectedBeforeSending(url: String) async {
        let client = makeClient()
        defer { client.shutdown() }
        let error = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: url))
        }
        #expect(error == .invalidURL(url))
        #expect(error?.description.hasPrefix("invalid url '\(url)'") == true)
    }

    @Test func headerInjectionIsRejected() async {
        let client = makeClient()
        defer { client.shutdown() }
        let badValue = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/", headers: ["X-Ok": "a\r\nX-Evil: 1"]))
        }
        #expect(badValue == .invalidHeader("X-Ok"))
        #expect(badValue?.description == "invalid header 'X-Ok'")
        let badName = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/", headers: ["Bad Name": "v"]))
        }
        #expect(badName == .invalidHeader("Bad Name"))
        let badMethod = await failure { () async throws(HTTPClientError) in
            try await client.execute(HTTPRequest(method: HTTPMethod(rawValue: "GE T"), url: "http://127.0.0.1:1/"))
        }
        #expect(badMethod == .invalidMethod("GE T"))
    }
}

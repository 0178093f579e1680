import HavenHTTP
import HavenServerTesting
import Testing

/// Requests that succeed: methods, headers and bodies going out and coming back.
struct HTTPClientTests {
    /// Echoes the method, path, a test header and the body back, in headers and body.
    static let echo: TestHTTPServer.Handler = { request in
        TestHTTPResponse(
            status: 200,
            headers: [
                ("X-Echo-Method", request.method),
                ("X-Echo-Path", request.path),
                ("X-Echo-Test", request.header("X-Test") ?? "-"),
                ("Content-Type", "application/octet-stream"),
            ],
            body: .bytes(request.body)
        )
    }

    @Test func getSendsHeadersAndReadsResponse() async throws {
        try await withServer(handler: Self.echo) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(
                HTTPRequest(url: server.url("/hello?x=1"), headers: ["X-Test": "value 1"])
            )
            #expect(response.status == 200)
            #expect(response.isSuccess)
            #expect(response.headers["x-echo-method"] == "GET")
            #expect(response.headers["X-ECHO-PATH"] == "/hello")
            #expect(response.headers["X-Echo-Test"] == "value 1")
            #expect(response.body.isEmpty)
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.uri == "/hello?x=1")
            #expect(request.header("user-agent") == "haven/0.1")
            #expect(request.header("x-test") == "value 1")
        }
    }

    @Test func postSendsBodyAndEchoesIt() async throws {
        try await withServer(handler: Self.echo) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let body = Array(#"{"text":"hello, world"}"#.utf8)
            let response = try await client.execute(
                HTTPRequest(
                    method: .post,
                    url: server.url("/hooks/1"),
                    headers: ["Content-Type": "application/json", "X-Test": "post"],
                    body: body
                )
            )
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.headers["x-echo-method"] == "POST")
            let request = try #require(server.requests.first)
            #expect(request.body == body)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Content-Length") == "\(body.count)")
            #expect(request.header("Expect") == nil)
        }
    }

    @Test func putWithEmptyBodySendsZeroLengthAndNoFormContentType() async throws {
        try await withServer(handler: Self.echo) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(method: .put, url: server.url("/empty")))
            #expect(response.headers["X-Echo-Method"] == "PUT")
            let request = try #require(server.requests.first)
            #expect(request.header("Content-Length") == "0")
            #expect(request.header("Content-Type") == nil)
        }
    }

    @Test func customMethodWithBodyKeepsItsName() async throws {
        try await withServer(handler: Self.echo) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(
                HTTPRequest(method: .delete, url: server.url("/things/7"), body: Array("why".utf8))
            )
            #expect(response.headers["X-Echo-Method"] == "DELETE")
            #expect(response.text == "why")
        }
    }

    @Test func headHasNoBody() async throws {
        try await withServer([.text("not sent for HEAD")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(method: .head, url: server.url("/")))
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(server.requests.first?.method == "HEAD")
        }
    }

    @Test func requestHeaderReplacesConfiguredUserAgent() async throws {
        try await withServer([.status(204), .status(204)]) { server in
            let client = makeClient(HTTPClient.Configuration(userAgent: "haven-test/2"))
            defer { client.shutdown() }
            _ = try await client.execute(HTTPRequest(url: server.url("/a")))
            _ = try await client.execute(HTTPRequest(url: server.url("/b"), headers: ["User-Agent": "custom/1"]))
            #expect(server.requests.map { $0.header("User-Agent") } == ["haven-test/2", "custom/1"])
        }
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        try await withServer([.text("gone", status: 410)]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(url: server.url("/old")))
            #expect(response.status == 410)
            #expect(!response.isSuccess)
            #expect(response.text == "gone")
        }
    }

    @Test func redirectsAreNotFollowedByDefault() async throws {
        try await withServer([.status(302, headers: [("Location", "/elsewhere")]), .text("elsewhere")]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(url: server.url("/start")))
            #expect(response.status == 302)
            #expect(response.headers["location"] == "/elsewhere")
            #expect(server.requestCount == 1)
        }
    }

    @Test func redirectsAreFollowedWhenConfigured() async throws {
        try await withServer([.status(302, headers: [("Location", "/elsewhere")]), .text("arrived")]) { server in
            let client = makeClient(HTTPClient.Configuration(maxRedirects: 3))
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(url: server.url("/start")))
            #expect(response.status == 200)
            #expect(response.text == "arrived")
            #expect(server.requests.map(\.path) == ["/start", "/elsewhere"])
        }
    }

    @Test func slowTrickleWithinLimitsSucceeds() async throws {
        try await withServer([.trickle(bytes: 5, every: .milliseconds(50))]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(url: server.url("/slow")))
            #expect(response.text == "abcde")
        }
    }

    @Test func chunkedBodyUnderTheCapArrivesWhole() async throws {
        try await withServer([.streamed(bytes: 300_000, chunkSize: 10_000, declaresLength: false)]) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let response = try await client.execute(HTTPRequest(url: server.url("/chunked")))
            #expect(response.body.count == 300_000)
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.body.prefix(3) == [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "c")])
        }
    }

    @Test func fiftyConcurrentRequestsAllComplete() async throws {
        let handler: TestHTTPServer.Handler = { request in
            try? await Task.sleep(for: .milliseconds(20))
            return .text("reply to \(request.path)")
        }
        try await withServer(handler: handler) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await client.execute(HTTPRequest(url: server.url("/item/\(index)")))
                        return (index, response.text)
                    }
                }
                var replies: [Int: String] = [:]
                for try await (index, text) in group { replies[index] = text }
                return replies
            }
            #expect(replies.count == 50)
            for index in 0..<50 {
                #expect(replies[index] == "reply to /item/\(index)")
            }
            #expect(server.requestCount == 50)
        }
    }

    @Test func oneClientServesManyRequestsInSequence() async throws {
        try await withServer(handler: Self.echo) { server in
            let client = makeClient()
            defer { client.shutdown() }
            for index in 0..<20 {
                let response = try await client.execute(
                    HTTPRequest(method: .post, url: server.url("/n"), body: Array("\(index)".utf8))
                )
                #expect(response.text == "\(index)")
            }
            #expect(server.requestCount == 20)
            // Keep-alive: libcurl reuses the connection instead of opening one per request.
            #expect(server.connectionCount < 20)
        }
    }
}

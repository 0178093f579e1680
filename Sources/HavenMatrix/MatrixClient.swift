import Foundation
public import HavenHTTP
public import HavenRuntime

/// The calls Haven makes to a homeserver (client-server API v3), over the libcurl HTTP client.
public struct MatrixClient: Sendable, CustomStringConvertible {
    /// Never the token.
    public var description: String { "MatrixClient(\(homeserver), \(userID))" }

    let homeserver: String
    let userID: String
    let token: String
    let http: HTTPClient

    /// The longest a 429 makes Haven wait (an hour), whatever `retry_after_ms` says.
    static let longestRateLimitMilliseconds = 3_600_000.0

    public init(homeserver: String, userID: String, token: String, http: HTTPClient) {
        self.homeserver = homeserver.hasSuffix("/") ? String(homeserver.dropLast()) : homeserver
        self.userID = userID
        self.token = token
        self.http = http
    }

    /// Percent-encodes one path segment (room ids, event ids, user ids contain `!`, `$`, `@`, `:`).
    public static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// One request; 429 and server errors come back as ``MatrixError`` for the caller's retry loop.
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        timeout: Duration? = nil
    )
        async throws(MatrixError) -> JSONValue
    {
        var url = homeserver + "/_matrix/client/v3" + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.segment($0.1))" }.joined(separator: "&")
        }
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        var bytes: [UInt8] = []
        if let body {
            headers["Content-Type"] = "application/json"
            bytes = body.bytes
        }
        let response: HTTPResponse
        do {
            response = try await http.execute(
                HTTPRequest(method: method, url: url, headers: headers, body: bytes, timeout: timeout))
        } catch {
            throw .unreachable("\(error)")
        }
        let json = JSONValue(parsing: response.body) ?? .null
        guard (200..<300).contains(response.status) else {
            let errcode = json["errcode"]?.string ?? "HTTP \(response.status)"
            if response.status == 401 || errcode == "M_UNKNOWN_TOKEN" || errcode == "M_MISSING_TOKEN" {
                throw .unauthorized(errcode)
            }
            if response.status == 429 {
                // Matrix says how long to wait in the body; newer servers also send Retry-After.
                // Bounded before it becomes an Int: the number is the homeserver's to choose.
                let milliseconds = json["retry_after_ms"]?.number ?? 1000
                throw .rateLimited(milliseconds: Int(min(max(milliseconds, 0), Self.longestRateLimitMilliseconds)))
            }
            throw .server(status: response.status, errcode: errcode)
        }
        return json
    }

    /// Who the token belongs to (a cheap check at start).
    public func whoami() async throws(MatrixError) -> String {
        let json = try await call(.get, "/account/whoami")
        guard let user = json["user_id"]?.string else { throw .malformed("whoami") }
        return user
    }

    /// Uploads a sync filter and returns its id.
    public func uploadFilter(_ filter: JSONValue) async throws(MatrixError) -> String {
        let json = try await call(.post, "/user/\(Self.segment(userID))/filter", body: filter)
        guard let id = json["filter_id"]?.string else { throw .malformed("the filter upload") }
        return id
    }

    /// One `/sync`: a long poll of `timeout`, with the HTTP timeout above it.
    public func sync(since: String?, filter: String, timeout: Duration) async throws(MatrixError) -> JSONValue {
        var query = [("filter", filter), ("timeout", String(timeout.milliseconds))]
        if let since { query.append(("since", since)) }
        let json = try await call(.get, "/sync", query: query, timeout: timeout + .seconds(15))
        return json
    }

    /// One page of a room's history going back from `from` (`dir=b`): `chunk` newest first, and
    /// `end` for the next page, absent at the start of the history the bot may see.
    public func messages(room: String, from: String, limit: Int) async throws(MatrixError) -> JSONValue {
        try await call(
            .get, "/rooms/\(Self.segment(room))/messages",
            query: [("dir", "b"), ("from", from), ("limit", String(limit))])
    }

    /// How many members have joined `room` (`/joined_members`): whether a room is direct when no
    /// `/sync` summary says so.
    public func joinedMemberCount(_ room: String) async throws(MatrixError) -> Int {
        let json = try await call(.get, "/rooms/\(Self.segment(room))/joined_members")
        guard let joined = json["joined"]?.object else { throw .malformed("joined_members") }
        return joined.count
    }

    /// Whether `room` has an `m.room.encryption` state event (a room the bot has joined).
    public func isEncrypted(_ room: String) async throws(MatrixError) -> Bool {
        do throws(MatrixError) {
            _ = try await call(.get, "/rooms/\(Self.segment(room))/state/m.room.encryption")
            return true
        } catch {
            if case .server(404, _) = error { return false }
            throw error
        }
    }

    /// Registers the application service's own user (the registration's `sender_localpart`);
    /// a user that already exists is fine. Needs the `as_token` as the client's token.
    public func registerAppServiceUser(_ localpart: String) async throws(MatrixError) {
        do throws(MatrixError) {
            _ = try await call(
                .post, "/register",
                body: .object([
                    "type": .string("m.login.application_service"), "username": .string(localpart),
                    "inhibit_login": .bool(true),
                ]))
        } catch {
            if case .server(_, "M_USER_IN_USE") = error { return }
            throw error
        }
    }

    public func join(_ room: String) async throws(MatrixError) {
        _ = try await call(.post, "/rooms/\(Self.segment(room))/join", body: .object([:]))
    }

    public func leave(_ room: String) async throws(MatrixError) {
        _ = try await call(.post, "/rooms/\(Self.segment(room))/leave", body: .object([:]))
    }

    /// Sends an event; the transaction id makes a retry of the same send a no-op on the server.
    public func send(room: String, transactionID: String, content: JSONValue) async throws(MatrixError) -> String? {
        let path = "/rooms/\(Self.segment(room))/send/m.room.message/\(Self.segment(transactionID))"
        let json = try await call(.put, path, body: content)
        return json["event_id"]?.string
    }
}

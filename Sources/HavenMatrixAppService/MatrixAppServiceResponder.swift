import Foundation
import HavenRuntime
import Hummingbird
import Logging

/// Answers the homeserver's requests (Matrix application-service API v1).
///
/// Every request must carry the `hs_token` (`Authorization: Bearer`), checked before anything else
/// is read: none 401, another 403. Then `PUT /_matrix/app/v1/transactions/{txnId}` reads a
/// body of at most the configured size (413 past it), refuses what is not a JSON object with an
/// `events` list (400) and hands the events to ``MatrixTransactionHandler``; `GET …/users/{userId}`
/// knows only the bot; `GET …/rooms/{alias}` knows no room; `POST …/ping` answers `{}`. Errors
/// are Matrix errors, `{"errcode": …, "error": …}`.
struct MatrixAppServiceResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let botUserID: String
    let token: HomeserverToken
    let transactions: MatrixTransactionHandler
    let maxBodyBytes: Int
    let logger: Logger

    /// Deeper than any event the homeserver sends; a parser never recurses past it.
    static let maxNesting = 64
    static let prefix = "/_matrix/app/v1/"

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await route(request)
        } catch {
            if error.status != 404 {
                logger.info(
                    "matrix appservice request refused",
                    metadata: ["http.status": "\(error.status)", "haven.error": "\(error.errcode)"])
            }
            return Self.error(error)
        }
    }

    private func route(_ request: Request) async throws(MatrixAppServiceError) -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) else { throw .unrecognized(Self.shortened(path)) }
        let parts = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        let endpoint: (method: HTTPRequest.Method, name: String)
        switch (parts.first, parts.count) {
        case ("transactions", 2): endpoint = (.put, "transactions")
        case ("users", 2): endpoint = (.get, "users")
        case ("rooms", 2): endpoint = (.get, "rooms")
        case ("ping", 1): endpoint = (.post, "ping")
        default: throw .unrecognized(Self.shortened(path))
        }
        guard request.method == endpoint.method else { throw .methodNotAllowed(request.method.rawValue) }
        try token.check(authorization: request.headers[.authorization])
        let argument = parts.count == 2 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
        switch endpoint.name {
        case "transactions":
            guard !argument.isEmpty else { throw .unrecognized(Self.shortened(path)) }
            let events = try await readEvents(request)
            try await transactions.handle(argument, events: events)
            return Self.emptyObject
        case "users":
            guard argument == botUserID else { throw .notFound(Self.shortened(argument)) }
            return Self.emptyObject
        case "rooms":
            throw .notFound(Self.shortened(argument))
        default:
            return Self.emptyObject
        }
    }

    /// The `events` of a transaction body, refused when too large, not JSON, too deep or of the wrong shape.
    private func readEvents(_ request: Request) async throws(MatrixAppServiceError) -> [JSONValue] {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes {
            throw .bodyTooLarge(maxBodyBytes)
        }
        let bytes: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            bytes = Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .bodyTooLarge(maxBodyBytes)
        } catch {
            throw .notJSON
        }
        guard !JSONDepth.exceeds(bytes, limit: Self.maxNesting) else {
            throw .badJSON("nested deeper than \(Self.maxNesting)")
        }
        guard let body = JSONValue(parsing: bytes) else { throw .notJSON }
        guard case .object = body else { throw .badJSON("not an object") }
        guard let events = body["events"]?.array else { throw .badJSON("no 'events' list") }
        return events
    }

    /// A path or id as it may appear in an error: at most 100 characters.
    static func shortened(_ text: String) -> String {
        text.count > 100 ? String(text.prefix(100)) + "…" : text
    }

    static var emptyObject: Response { json([UInt8]("{}".utf8), status: 200) }

    /// The Matrix error response for `error`.
    static func error(_ error: MatrixAppServiceError) -> Response {
        let body: JSONValue = .object(["errcode": .string(error.errcode), "error": .string(error.description)])
        return json(body.bytes, status: error.status)
    }

    private static func json(_ bytes: [UInt8], status: Int) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

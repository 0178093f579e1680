import Foundation
import HavenCore
import HavenRuntime
import HavenStore
import Hummingbird
import Logging

/// Answers every request of the webhook listener: routing, limits, verification, the dialogue.
///
/// The order of checks: the path (404), the method (405), the global rate limit (429), the
/// content type (415), the body size (413, from `Content-Length` before reading, or while
/// reading), the signature or token over the raw body (401), the payload (400), the per-sender
/// rate limit (429), then deduplication by delivery id. Nothing reaches the dialogue or the
/// store before the request is verified and well-formed. Errors are JSON,
/// `{"error": code, "message": text}`, and never hold message text or secrets.
struct WebhookResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// What became of a verified message.
    enum Outcome: Sendable {
        case replied([String])
        case duplicate
        case ignored(String)
    }

    let settings: WebhookSettings
    let endpoints: [String: ResolvedEndpoint]
    let conversations: Conversations
    let store: any StateStore
    let deliverer: OutboxDeliverer
    let limiter: RateLimiter
    let board: ActivityBoard
    let logger: Logger
    let recentReplies = RecentReplies()
    /// The dialogue settings for chat rooms: the configured ones with the chat-room command prefixes.
    let dialogue: DialogueConfiguration

    /// A responder for `endpoints`, registering them on the activity board.
    init(
        settings: WebhookSettings, endpoints: [ResolvedEndpoint], conversations: Conversations, store: any StateStore,
        deliverer: OutboxDeliverer, board: ActivityBoard, logger: Logger
    ) {
        self.settings = settings
        self.endpoints = Dictionary(endpoints.map { ($0.settings.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.conversations = conversations
        self.store = store
        self.deliverer = deliverer
        self.limiter = RateLimiter(settings: settings.rateLimit)
        self.board = board
        self.logger = logger
        var dialogue = conversations.configuration
        dialogue.commandPrefixes = DialogueConfiguration.chatRoom.commandPrefixes
        self.dialogue = dialogue
        board.register("webhooks")
        for endpoint in endpoints { board.register("webhooks." + endpoint.name) }
    }

    /// Routes one request and answers it; every failure becomes a JSON error response.
    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" {
            guard request.method == .get else {
                return Self.error(.methodNotAllowed(request.method.rawValue, allowed: "GET"))
            }
            return health()
        }
        guard let endpoint = endpoints[path] ?? (path.hasSuffix("/") ? endpoints[String(path.dropLast())] : nil) else {
            return Self.error(.notFound(path))
        }
        do {
            let response = try await handle(request, endpoint: endpoint)
            board.record("webhooks")
            board.record("webhooks." + endpoint.name)
            return response
        } catch {
            logger.info(
                "webhook request refused",
                metadata: [
                    "haven.webhook.endpoint": "\(endpoint.name)", "http.status": "\(error.status)",
                    "haven.error": "\(error.code)",
                ])
            return Self.error(error)
        }
    }

    /// The checks every endpoint shares, then the format's own handling.
    private func handle(_ request: Request, endpoint: ResolvedEndpoint) async throws(WebhookError) -> Response {
        guard request.method == .post else { throw .methodNotAllowed(request.method.rawValue, allowed: "POST") }
        try limiter.admitRequest()
        let mediaType = Self.mediaType(request.headers[.contentType])
        let accepted: [String] =
            switch endpoint.settings.format {
            case .generic: ["application/json"]
            case .slack, .mattermost: ["application/json", "application/x-www-form-urlencoded"]
            }
        guard accepted.contains(mediaType) else {
            throw .unsupportedContentType(
                mediaType.isEmpty ? "(none)" : mediaType, expected: accepted.joined(separator: " or "))
        }
        let body = try await collectBody(request)
        let headers = request.headers
        let header: (String) -> String? = { name in headers.first { $0.name.canonicalName == name }?.value }
        switch endpoint.settings.format {
        case .generic: return try generic(body: body, header: header, endpoint: endpoint)
        case .slack: return try slack(body: body, header: header, mediaType: mediaType, endpoint: endpoint)
        case .mattermost: return try mattermost(body: body, mediaType: mediaType, endpoint: endpoint)
        }
    }

    /// The raw body, refused with 413 when over the limit (by `Content-Length`, or while reading).
    private func collectBody(_ request: Request) async throws(WebhookError) -> [UInt8] {
        let limit = settings.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw .bodyTooLarge(limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .bodyTooLarge(limit)
        } catch {
            throw .malformedJSON
        }
    }

    // MARK: - The dialogue

    /// Takes one verified message through deduplication, the dialogue and the outbox.
    ///
    /// - Parameter rows: the outbox rows for the replies (empty when they go back in the response).
    func converse(
        _ message: InboundMessage, endpoint: ResolvedEndpoint,
        rows: (_ replies: [String], _ person: String) -> [NewOutboxRow]
    ) throws(WebhookError) -> Outcome {
        if message.isFromBot { return .ignored("bot") }
        if recentReplies.contains(message.text, endpoint: endpoint.name) { return .ignored("own-reply") }
        guard !message.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .ignored("empty") }
        try limiter.admitMessage(from: endpoint.name + ":" + message.sender)
        let person = message.person(endpoint: endpoint.name)
        do {
            // One store transaction records the delivery id, takes the turn and queues the
            // replies: of two copies of one delivery (a platform's quick retry, or the same
            // delivery sent to two instances), the second waits for the first's commit and is
            // a duplicate; if the first fails, nothing of it stays and the second is answered.
            // After /forget the delivery id is still kept, but not with the person's key.
            guard
                let turn = try conversations.take(
                    message.text, conversation: message.conversation(endpoint: endpoint.name), person: person,
                    configuration: dialogue,
                    event: message.deliveryID.map { TurnEvent(adapter: endpoint.key, id: $0) },
                    outbox: { replies in rows(replies, person) })
            else { return .duplicate }
            let replies = turn.replies
            if !replies.isEmpty { deliverer.wake() }
            recentReplies.remember(replies, endpoint: endpoint.name)
            return .replied(replies)
        } catch {
            logger.error(
                "webhook message not handled: the store failed",
                metadata: ["haven.webhook.endpoint": "\(endpoint.name)", "haven.error": "\(error)"])
            throw .unavailable
        }
    }

    // MARK: - Responses

    /// The `GET /healthz` report: readiness, each adapter's last success, the outbox.
    private func health() -> Response {
        struct Adapter: Encodable {
            var lastSuccess: String?
            func encode(to encoder: any Encoder) throws {
                enum Key: CodingKey { case lastSuccess }
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(lastSuccess, forKey: .lastSuccess)
            }
        }
        struct Outbox: Encodable {
            var pending: Int
            var deadLetters: Int
        }
        struct Report: Encodable {
            var status: String
            var adapters: [String: Adapter]
            var outbox: Outbox?
        }
        let counts = try? store.outboxCounts()
        let ready = board.isReady && counts != nil
        var adapters: [String: Adapter] = [:]
        for (name, time) in board.lastSuccess { adapters[name] = Adapter(lastSuccess: time.map { $0.ISO8601Format() }) }
        let report = Report(
            status: ready ? "ready" : "unavailable", adapters: adapters,
            outbox: counts.map { Outbox(pending: $0.pending, deadLetters: $0.deadLetters) })
        return Self.json(report, status: ready ? 200 : 503)
    }

    /// A JSON response.
    static func json(_ value: some Encodable, status: Int = 200) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: OutboundRenderer.encode(value))))
    }

    /// The JSON error response for `error`, with `Allow` or `Retry-After` where they apply.
    static func error(_ error: WebhookError) -> Response {
        var response = Response(
            status: HTTPResponse.Status(code: error.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: errorBody(error))))
        switch error {
        case .methodNotAllowed(_, let allowed): response.headers[.allow] = allowed
        case .rateLimited(_, let seconds): response.headers[.retryAfter] = "\(seconds)"
        default: break
        }
        return response
    }

    /// The JSON body of an error response: `{"error": code, "message": text}`.
    static func errorBody(_ error: WebhookError) -> [UInt8] {
        struct Failure: Encodable {
            var error: String
            var message: String
        }
        return OutboundRenderer.encode(Failure(error: error.code, message: error.description))
    }

    /// `application/json` from `Application/JSON; charset=utf-8`.
    static func mediaType(_ header: String?) -> String {
        guard let header else { return "" }
        return header.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }
}

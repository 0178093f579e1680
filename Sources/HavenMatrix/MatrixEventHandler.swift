import Foundation
import HavenCore
import HavenHTTP
public import HavenRuntime
public import HavenStore
public import Logging

/// What Haven does with one room event, whichever way it arrived: the `/sync` loop
/// (``MatrixService``) and the application-service listener both call it, so invites, encrypted
/// rooms and answers behave the same in both modes.
///
/// Each answer is sent with a transaction id made from the event id (`haven.<pseudonym>.<index>`)
/// and the event is marked handled only after its replies were sent: a crash in between makes the
/// next attempt resend the same transactions, which the homeserver treats as no-ops.
public struct MatrixEventHandler: Sendable {
    let settings: MatrixSettings
    let client: MatrixClient
    let conversations: Conversations
    let store: any StateStore
    let policy: MatrixMessagePolicy
    /// The dialogue settings for chat rooms: worked out once, not per event.
    let configuration: DialogueConfiguration
    /// How many times a transient homeserver failure is retried before the error is thrown.
    let maxAttempts: Int
    let logger: Logger

    /// The adapter name events are marked handled under.
    public static let adapter = "matrix"

    /// A handler for the bot `settings.userID` talking through `client`.
    ///
    /// - Parameter maxAttempts: attempts for each request before a transient failure is thrown;
    ///   the sync loop waits long, an application service answers its homeserver soon instead and
    ///   lets it retry the transaction.
    public init(
        settings: MatrixSettings, client: MatrixClient, conversations: Conversations, store: any StateStore,
        maxAttempts: Int = 50, logger: Logger
    ) {
        self.settings = settings
        self.client = client
        self.conversations = conversations
        self.store = store
        self.policy = MatrixMessagePolicy(settings: settings)
        var configuration = conversations.configuration
        configuration.commandPrefixes = DialogueConfiguration.chatRoom.commandPrefixes
        self.configuration = configuration
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// The prefix of the adapter's keys in the store.
    var key: String { "matrix." + settings.userID }

    /// Joins `room` when invites are accepted from `inviter`; otherwise declines (leaves) it.
    public func invited(to room: String, by inviter: String) async throws {
        guard settings.autoJoin, policy.mayInvite(inviter) else {
            logger.notice(
                "declining a matrix invite", metadata: ["haven.matrix.room": "\(Conversations.pseudonym(room))"])
            try await retrying { try await client.leave(room) }
            return
        }
        // What came after the join is read from the timeline (the join event), not from a clock here.
        try await retrying { try await client.join(room) }
        logger.info("joined a matrix room", metadata: ["haven.matrix.room": "\(Conversations.pseudonym(room))"])
    }

    /// Says once, in plain words, that Haven cannot read encrypted rooms, and leaves.
    public func leaveEncrypted(_ room: String) async throws {
        let noticeKey = key + ".encrypted." + room
        if try store.value(for: noticeKey) == nil {
            let content: JSONValue = .object([
                "msgtype": .string("m.notice"),
                "body": .string(conversations.rules.rules.dialogue.text(.encryptedRoom)),
            ])
            _ = try await retrying {
                try await client.send(
                    room: room, transactionID: "haven.encrypted.\(Conversations.pseudonym(room))", content: content)
            }
            try store.setValue("1", for: noticeKey)
        }
        try await retrying { try await client.leave(room) }
        logger.notice(
            "left an encrypted matrix room", metadata: ["haven.matrix.room": "\(Conversations.pseudonym(room))"])
    }

    /// Answers `event` in `room` unless the policy skips it or it was answered before; marks it
    /// handled after its replies were sent.
    ///
    /// - Parameters:
    ///   - isDirect: whether the room has at most two members.
    ///   - arrived: when the event reached Haven, for the latency in the log.
    public func answer(
        _ event: MatrixEvent, in room: String, isDirect: Bool, arrived: ContinuousClock.Instant
    ) async throws {
        guard case .success(let text) = policy.text(of: event, isDirect: isDirect) else { return }
        guard !event.id.isEmpty, try !store.wasHandled(event.id, adapter: Self.adapter) else { return }
        let conversation = "matrix:\(room):\(event.sender)"
        let turn = try conversations.take(
            text, conversation: conversation, person: event.sender, configuration: configuration)
        let replies = turn.replies
        let ready = ContinuousClock.now - arrived
        for (index, reply) in replies.enumerated() {
            let transaction = Self.transactionID(for: event, index: index)
            let content = Self.replyContent(reply, to: event)
            _ = try await retrying {
                try await client.send(room: room, transactionID: transaction, content: content)
            }
        }
        // After /forget the event id stays (never answered twice), without the person's key.
        try store.markHandled(
            event.id, adapter: Self.adapter, person: turn.forgotPerson ? "" : event.sender,
            at: Int64(Date().timeIntervalSince1970))
        let latency = ContinuousClock.now - arrived
        logger.info(
            "matrix reply sent",
            metadata: [
                "haven.conversation": "\(Conversations.pseudonym(conversation))",
                "haven.matrix.replies": "\(replies.count)",
                "haven.matrix.latency_ms": "\(latency.formattedMilliseconds)",
                "haven.matrix.ready_ms": "\(ready.formattedMilliseconds)",
            ])
    }

    /// The transaction id of the `index`th reply to `event`: the same on every attempt, on every
    /// instance, so a resend is a no-op at the homeserver.
    public static func transactionID(for event: MatrixEvent, index: Int) -> String {
        "haven.\(Conversations.pseudonym(event.id)).\(index)"
    }

    /// A reply as an `m.notice` in reply to `event`, in its thread if it has one, mentioning its sender.
    static func replyContent(_ text: String, to event: MatrixEvent) -> JSONValue {
        var relation: [String: JSONValue] = ["m.in_reply_to": .object(["event_id": .string(event.id)])]
        if let root = event.threadRoot {
            relation["rel_type"] = .string("m.thread")
            relation["event_id"] = .string(root)
            relation["is_falling_back"] = .bool(false)
        }
        return .object([
            "msgtype": .string("m.notice"),
            "body": .string(text),
            "m.relates_to": .object(relation),
            "m.mentions": .object(["user_ids": .array([.string(event.sender)])]),
        ])
    }

    /// Sends a request until it succeeds: 429 waits as told, transient errors back off (up to
    /// the handler's attempts); others throw.
    public func retrying<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var backoff = Backoff(cap: .seconds(settings.maxBackoffSeconds))
        var attempts = 0
        while true {
            do {
                return try await body()
            } catch {
                attempts += 1
                guard let error = error as? MatrixError, error.isTransient, attempts < maxAttempts, !Task.isCancelled
                else {
                    throw error
                }
                let delay = backoff.delay(after: error)
                logger.notice(
                    "matrix request retried",
                    metadata: ["haven.matrix.error": "\(error)", "haven.matrix.retry_in_ms": "\(delay.milliseconds)"])
                try await Task.sleep(for: delay)
            }
        }
    }
}

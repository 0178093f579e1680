public import Foundation
public import HavenStore
public import Logging

/// What the server hands every adapter: one value, built once by `haven serve`, instead of
/// each adapter's constructor taking the same parts one by one.
///
/// An adapter's constructor takes its own settings and a context; a new shared part goes here,
/// not into every constructor.
public struct AdapterContext: Sendable {
    /// The dialogue over the store, shared by every adapter.
    public let conversations: Conversations
    /// The state store (the one `conversations` keeps its state in): outbox, positions, events.
    public let store: any StateStore
    /// The server's logger; an adapter adds its own `haven.adapter` metadata.
    public let logger: Logger
    /// Readiness and each adapter's last success, for `GET /healthz`.
    public let board: ActivityBoard
    /// The wall-clock time now; one clock for the whole server, so a test can set it.
    public let clock: @Sendable () -> Date
    /// Reads an environment variable, where secrets named in the configuration come from.
    ///
    /// A function, not a dictionary, so no secret is ever part of a description of the context.
    public let environment: @Sendable (String) -> String?

    /// A context over `conversations` and the store they keep their state in.
    ///
    /// - Parameters:
    ///   - environment: the variables secrets are looked up in; the process's own by default.
    public init(
        conversations: Conversations, logger: Logger, board: ActivityBoard = ActivityBoard(),
        clock: @escaping @Sendable () -> Date = { Date() },
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.conversations = conversations
        self.store = conversations.store
        self.logger = logger
        self.board = board
        self.clock = clock
        self.environment = { environment[$0] }
    }
}

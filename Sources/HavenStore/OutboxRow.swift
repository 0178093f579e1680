/// A reply to be written to the outbox.
///
/// Times in the outbox and the dead-letter table are milliseconds since 1970 (finer than
/// handled events, which are in seconds), so retries can be spaced by less than a second.
public struct NewOutboxRow: Sendable, Equatable {
    /// Where it goes, in the adapter's own notation (never a secret).
    public var target: String
    /// Who `forget` deletes it for.
    public var person: String
    /// The request body to send.
    public var body: [UInt8]
    /// Request headers, as the adapter encodes them (JSON, say).
    public var headers: String

    public init(target: String, person: String, body: [UInt8], headers: String) {
        self.target = target
        self.person = person
        self.body = body
        self.headers = headers
    }
}

/// A reply waiting in the outbox.
public struct OutboxRow: Sendable, Equatable {
    public var id: Int64
    public var target: String
    public var person: String
    public var body: [UInt8]
    public var headers: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due, in milliseconds since 1970.
    public var nextAttemptAt: Int64
    /// When it was written, in milliseconds since 1970.
    public var createdAt: Int64
    /// Why the last attempt failed.
    public var lastError: String?

    public init(
        id: Int64, target: String, person: String, body: [UInt8], headers: String, attempts: Int, nextAttemptAt: Int64,
        createdAt: Int64,
        lastError: String?
    ) {
        self.id = id
        self.target = target
        self.person = person
        self.body = body
        self.headers = headers
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.lastError = lastError
    }
}

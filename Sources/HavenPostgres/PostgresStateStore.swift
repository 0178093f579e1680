import Foundation
public import HavenCore
public import HavenStore

/// The state store for several instances sharing one state: a PostgreSQL database, through libpq.
///
/// The same tables and behaviour as ``SQLiteStateStore`` (one conformance suite runs both).
/// Every value goes as a parameter of `PQexecParams`, never into SQL text. The schema is
/// brought up to date at start under an advisory lock (see ``migrations``).
///
/// Why libpq and not an async driver: the ``StateStore`` protocol is synchronous with typed
/// throws, as SQLite's API is; libpq's blocking calls fit it with no async bridge, and it is
/// Debian's `libpq-dev`, with nothing else to build.
public final class PostgresStateStore: StateStore, @unchecked Sendable {
    /// How to reach the server.
    public struct Options: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var database: String
        public var user: String
        /// From the environment variable the config names; never logged, never in an error.
        public var password: String?
        /// libpq's `sslmode`: `disable`, `prefer`, `require` or `verify-full`.
        public var sslMode: String
        public var sslRootCert: String?
        public var poolSize: Int
        public var connectTimeoutSeconds: Int

        public init(
            host: String = "127.0.0.1", port: Int = 5432, database: String, user: String, password: String? = nil,
            sslMode: String = "prefer",
            sslRootCert: String? = nil, poolSize: Int = 4, connectTimeoutSeconds: Int = 10
        ) {
            self.host = host
            self.port = port
            self.database = database
            self.user = user
            self.password = password
            self.sslMode = sslMode
            self.sslRootCert = sslRootCert
            self.poolSize = poolSize
            self.connectTimeoutSeconds = connectTimeoutSeconds
        }

        /// libpq's keywords and values; the password is one of them, never part of a string.
        var parameters: [(String, String)] {
            var parameters = [
                ("host", host), ("port", String(port)), ("dbname", database), ("user", user), ("sslmode", sslMode),
                ("connect_timeout", String(connectTimeoutSeconds)), ("application_name", "haven"),
                ("client_encoding", "UTF8"),
                // The server's NOTICEs (`… already exists, skipping`) would go to standard error.
                ("options", "-c client_min_messages=warning"),
            ]
            if let password { parameters.append(("password", password)) }
            if let sslRootCert { parameters.append(("sslrootcert", sslRootCert)) }
            return parameters
        }

        /// Where, for errors: `host:port/database`.
        var place: String { "\(host):\(port)/\(database)" }
    }

    /// The connections; tests read tables through it directly.
    public let pool: PostgresPool
    public let keepsText: Bool

    /// Connects `options.poolSize` connections and brings the schema up to date.
    public init(options: Options, keepsText: Bool = false) throws(StoreError) {
        var connections: [PostgresConnection] = []
        for _ in 0..<max(1, options.poolSize) {
            connections.append(try PostgresConnection(parameters: options.parameters, place: options.place))
        }
        pool = PostgresPool(connections: connections)
        self.keepsText = keepsText
        try Self.migrate(pool)
        // Dead letters written while message text was kept lose it now that it is not.
        if !keepsText {
            try pool.execute(
                "UPDATE dead_letter SET body = ''::bytea, headers = '{}' WHERE length(body) > 0 OR headers <> '{}'")
        }
    }

    public func conversation(_ id: String) throws(StoreError) -> ConversationState? {
        guard let json = try pool.query("SELECT state FROM conversation WHERE id = $1", [.text(id)]).first?.text(0)
        else { return nil }
        return try ConversationState(storedJSON: json, conversation: id)
    }

    public func save(_ state: ConversationState, conversation id: String, person: String, at time: Int64)
        throws(StoreError)
    {
        let json = try state.storedJSON(conversation: id)
        try pool.execute(
            """
            INSERT INTO conversation (id, person, state, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET person = excluded.person, state = excluded.state, updated_at = excluded.updated_at
            """,
            [.text(id), .text(person), .text(json), .integer(time)])
    }

    public func recordText(_ text: String, conversation id: String, person: String, fromPerson: Bool, at time: Int64)
        throws(StoreError)
    {
        guard keepsText else { return }
        try pool.execute(
            "INSERT INTO message_text (conversation, person, from_person, text, at) VALUES ($1, $2, $3, $4, $5)",
            [.text(id), .text(person), .bool(fromPerson), .text(text), .integer(time)])
    }

    public func forget(person: String) throws(StoreError) {
        try pool.transaction { (transaction) throws(StoreError) in
            try Self.deleteRows(of: person, in: transaction)
        }
    }

    /// Every row about `person`, deleted inside `transaction` (``forget(person:)`` and a `/forget` turn).
    static func deleteRows(of person: String, in transaction: PostgresTransaction) throws(StoreError) {
        try transaction.execute("DELETE FROM conversation WHERE person = $1", [.text(person)])
        try transaction.execute("DELETE FROM message_text WHERE person = $1", [.text(person)])
        try transaction.execute(
            "DELETE FROM adapter_value WHERE key LIKE $1 ESCAPE '\\'",
            [.text("person:" + LikePattern.escape(person) + ":%")])
        try transaction.execute("DELETE FROM handled_event WHERE person = $1", [.text(person)])
        try transaction.execute("DELETE FROM outbox WHERE person = $1", [.text(person)])
        try transaction.execute("DELETE FROM dead_letter WHERE person = $1", [.text(person)])
    }

    @discardableResult
    public func expire(before time: Int64) throws(StoreError) -> Int {
        try pool.transaction { (transaction) throws(StoreError) -> Int in
            try transaction.execute(
                "DELETE FROM message_text WHERE conversation IN (SELECT id FROM conversation WHERE updated_at < $1)",
                [.integer(time)])
            let expired = try transaction.execute("DELETE FROM conversation WHERE updated_at < $1", [.integer(time)])
                .changed
            // Dead letters go with the same period (their times are in milliseconds).
            try transaction.execute(
                "DELETE FROM dead_letter WHERE failed_at < $1",
                [.integer(time.multipliedReportingOverflow(by: 1000).partialValue)])
            return expired
        }
    }

    public func value(for key: String) throws(StoreError) -> String? {
        try pool.query("SELECT value FROM adapter_value WHERE key = $1", [.text(key)]).first?.text(0)
    }

    public func setValue(_ value: String?, for key: String) throws(StoreError) {
        if let value {
            try pool.execute(
                "INSERT INTO adapter_value (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        } else {
            try pool.execute("DELETE FROM adapter_value WHERE key = $1", [.text(key)])
        }
    }
}

import HavenStore

/// The schema and its migrations.
///
/// Migrations run at start on one connection holding `pg_advisory_lock(migrationLock)`, so
/// instances starting at once take turns: the first applies what is missing, the others find
/// it done. `schema_version` has one row per migration applied.
extension PostgresStateStore {
    /// The advisory lock key of migrations ("Haven" and 1, in ASCII hex): fixed, so every
    /// instance and version of Haven takes the same lock.
    static let migrationLock: Int64 = 0x4861_7665_6E00_0001

    /// Schema changes, in order; no values, only DDL. Integers are `bigint` throughout, as the
    /// store binds every integer as one. Times: seconds, except the outbox and dead letters (milliseconds).
    static let migrations: [String] = [
        """
        CREATE TABLE conversation (
            id text PRIMARY KEY,
            person text NOT NULL,
            state text NOT NULL,
            updated_at bigint NOT NULL
        );
        CREATE INDEX conversation_person ON conversation (person);
        CREATE INDEX conversation_updated ON conversation (updated_at);
        CREATE TABLE message_text (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation text NOT NULL,
            person text NOT NULL,
            from_person boolean NOT NULL,
            text text NOT NULL,
            at bigint NOT NULL
        );
        CREATE INDEX message_text_person ON message_text (person);
        CREATE INDEX message_text_conversation ON message_text (conversation);
        CREATE TABLE adapter_value (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE handled_event (
            adapter text NOT NULL,
            event_id text NOT NULL,
            person text NOT NULL,
            at bigint NOT NULL,
            PRIMARY KEY (adapter, event_id)
        );
        CREATE INDEX handled_event_person ON handled_event (person);
        CREATE INDEX handled_event_at ON handled_event (at);
        -- claimed_by and lease_until are for several instances delivering one outbox: a row is
        -- claimed (FOR UPDATE SKIP LOCKED) by one instance until its lease runs out.
        CREATE TABLE outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            target text NOT NULL,
            person text NOT NULL,
            body bytea NOT NULL,
            headers text NOT NULL,
            attempts bigint NOT NULL DEFAULT 0,
            next_attempt_at bigint NOT NULL,
            created_at bigint NOT NULL,
            last_error text,
            claimed_by text,
            lease_until bigint
        );
        CREATE INDEX outbox_target ON outbox (target, id);
        CREATE INDEX outbox_due ON outbox (next_attempt_at);
        CREATE INDEX outbox_person ON outbox (person);
        CREATE TABLE dead_letter (
            id bigint PRIMARY KEY,
            target text NOT NULL,
            person text NOT NULL,
            body bytea NOT NULL,
            headers text NOT NULL,
            attempts bigint NOT NULL,
            created_at bigint NOT NULL,
            failed_at bigint NOT NULL,
            last_error text
        );
        CREATE INDEX dead_letter_person ON dead_letter (person);
        CREATE INDEX dead_letter_failed ON dead_letter (failed_at);
        """
    ]

    static func migrate(_ pool: PostgresPool) throws(StoreError) {
        try pool.withSession { (session) throws(StoreError) in
            try session.execute("SELECT pg_advisory_lock($1)", [.integer(migrationLock)])
            defer { _ = try? session.execute("SELECT pg_advisory_unlock($1)", [.integer(migrationLock)]) }
            try session.executeScript(
                "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            let version = Int(
                try session.query("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_version").first?.integer(0) ?? 0
            )
            guard version <= migrations.count else { throw .newerSchema(version) }
            for index in version..<migrations.count {
                try session.execute("BEGIN")
                do throws(StoreError) {
                    try session.executeScript(migrations[index])
                    try session.execute(
                        "INSERT INTO schema_version (version) VALUES ($1)", [.integer(Int64(index + 1))])
                    try session.execute("COMMIT")
                } catch {
                    _ = try? session.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }
}

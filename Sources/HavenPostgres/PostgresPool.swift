import Foundation
public import HavenStore

/// A fixed set of libpq connections, lent to one caller at a time (`store.postgres.poolSize`).
///
/// A caller waits while every connection is out: statements take milliseconds, and a bounded
/// pool bounds what one instance asks of the server. A connection found broken (the server
/// restarted, the backend was terminated) is reset, and a statement outside a transaction is
/// run once more on it: every such statement the store runs is idempotent (upserts, deletes,
/// reads, `UPDATE … SET`), except `recordText`, whose double would be one more row of a text
/// kept by choice. A transaction is never retried: whether its COMMIT reached the server is
/// unknown when the connection drops.
public final class PostgresPool: @unchecked Sendable {
    private var idle: [PostgresConnection]
    private let condition = NSCondition()

    init(connections: [PostgresConnection]) {
        idle = connections
    }

    private func withConnection<T>(_ body: (PostgresConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        condition.lock()
        while idle.isEmpty { condition.wait() }
        let connection = idle.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            idle.append(connection)
            condition.signal()
            condition.unlock()
        }
        return try body(connection)
    }

    /// Runs one statement (its own transaction), retried once on a fresh connection if the old one was lost.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> PostgresResult {
        try withConnection { (connection) throws(StoreError) in
            do throws(StoreError) {
                return try connection.execute(sql, parameters)
            } catch {
                guard connection.isBroken else { throw error }
                try connection.reset()
                return try connection.execute(sql, parameters)
            }
        }
    }

    /// The rows of a query.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> [PostgresRow] {
        try execute(sql, parameters).rows
    }

    /// Runs `body` in one transaction on one connection: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: (PostgresTransaction) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (connection) throws(StoreError) in
            do throws(StoreError) {
                try connection.execute("BEGIN")
            } catch {
                // Nothing ran yet, so a lost connection is safe to replace before beginning.
                guard connection.isBroken else { throw error }
                try connection.reset()
                try connection.execute("BEGIN")
            }
            do throws(StoreError) {
                let value = try body(PostgresTransaction(connection: connection))
                try connection.execute("COMMIT")
                return value
            } catch {
                if connection.isBroken {
                    try? connection.reset()
                } else {
                    _ = try? connection.execute("ROLLBACK")
                }
                throw error
            }
        }
    }

    /// Runs schema changes (no values) on one connection, outside any transaction of the pool's.
    func withSession<T>(_ body: (PostgresTransaction) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (connection) throws(StoreError) in try body(PostgresTransaction(connection: connection)) }
    }
}

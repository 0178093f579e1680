import Foundation
import HavenPostgres
import HavenServerTesting
import HavenStore
import Testing

/// The stores the conformance suite runs against.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty store: a new SQLite file, or a new database in the throwaway cluster.
    func make(keepsText: Bool = false) throws -> StoreUnderTest {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "haven-conformance-\(UUID().uuidString).sqlite"
            ).path
            let store = try SQLiteStateStore(path: path, keepsText: keepsText)
            return StoreUnderTest(
                store: store,
                count: { sql in Int(try store.database.query(sql).first?.first?.integer ?? -1) },
                another: { try SQLiteStateStore(path: path, keepsText: keepsText) })
        case .postgres:
            let cluster = try PostgresCluster.get()
            let options = try Self.options(cluster, database: try cluster.createDatabase())
            let store = try PostgresStateStore(options: options, keepsText: keepsText)
            return StoreUnderTest(
                store: store,
                count: { sql in Int(try store.pool.query(sql).first?.integer(0) ?? -1) },
                another: { try PostgresStateStore(options: options, keepsText: keepsText) })
        }
    }

    /// Connection options for a database of the throwaway cluster, over TCP with its password.
    static func options(_ cluster: PostgresCluster, database: String, poolSize: Int = 2) throws
        -> PostgresStateStore.Options
    {
        PostgresStateStore.Options(
            host: "127.0.0.1", port: cluster.port, database: database, user: cluster.user, password: cluster.password,
            sslMode: "disable",
            poolSize: poolSize)
    }
}

/// A store under test, and a way to count rows in its tables directly, past the API.
struct StoreUnderTest {
    let store: any StateStore
    /// `SELECT COUNT(*) …` in SQL both engines read (literals only, no parameters).
    let count: (String) throws -> Int
    /// Opens the same store again, as a second instance (process) would: its own connections.
    let another: () throws -> any StateStore
}

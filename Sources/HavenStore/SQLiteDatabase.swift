import CSQLite
import Foundation

/// A value bound to or read from SQLite.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var text: String? { if case .text(let value) = self { value } else { nil } }
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
}

/// A thin, thread-safe wrapper over one SQLite connection: statements run one at a time under a lock.
///
/// SQLite calls take microseconds for Haven's small rows, so callers use it directly; the lock
/// keeps one connection safe to share between adapters.
public final class SQLiteDatabase: @unchecked Sendable {
    /// Nil only after a reopen failed; statements then fail with `cannotOpen`.
    private var handle: OpaquePointer?
    private let lock = NSLock()
    public let path: String
    /// Nil for `":memory:"`.
    private var watch: StateFileWatch?
    private let onFault: (@Sendable (StateFileFault) -> Void)?

    /// Opens (creating if needed) the database at `path`; `":memory:"` gives a private in-memory one.
    ///
    /// Before each statement the file at `path` and its `-shm` are compared with the open ones
    /// (see ``StateFileWatch``); `onFault` hears of each fault found.
    public init(path: String, onFault: (@Sendable (StateFileFault) -> Void)? = nil) throws(StoreError) {
        self.path = path
        self.onFault = onFault
        handle = try Self.open(path)
        do {
            try configureLocked()
        } catch .sqlite(let reason) {
            // Opening succeeds on a read-only file system; the first write (WAL mode) is where it
            // fails, and the operator needs to know which file.
            throw .cannotOpen(path, reason)
        }
        watch = path == ":memory:" ? nil : StateFileWatch(path: path)
    }

    deinit { sqlite3_close_v2(handle) }

    private static func open(_ path: String) throws(StoreError) -> OpaquePointer {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let connection { sqlite3_close(connection) }
            throw .cannotOpen(path, message)
        }
        sqlite3_busy_timeout(connection, 5_000)
        return connection
    }

    private func configureLocked() throws(StoreError) {
        if path != ":memory:" { _ = try queryLocked("PRAGMA journal_mode=WAL", []) }
        _ = try queryLocked("PRAGMA foreign_keys=ON", [])
        _ = try queryLocked("PRAGMA synchronous=NORMAL", [])
        // Deleted rows are overwritten, so `forget` leaves no readable trace in the file.
        _ = try queryLocked("PRAGMA secure_delete=ON", [])
    }

    /// Handles what ``StateFileWatch`` finds before a statement runs.
    private func checkFileLocked() throws(StoreError) {
        guard var current = watch else { return }
        let finding = current.check()
        watch = current
        switch finding {
        case .intact:
            return
        case .indexTruncated:
            onFault?(.indexTruncated(path))
        case .indexReplaced:
            // Our index is no longer the one other processes open: reopen so both use one.
            try reopenLocked()
            onFault?(.indexReplaced(path))
        case .fileDeleted:
            // The open connection still holds everything: write it back rather than start empty.
            let restore = path + ".restore"
            unlink(restore)
            _ = try queryLocked("VACUUM INTO ?", [.text(restore)])
            try reopenLocked {
                self.removeOldLogLocked()
                rename(restore, self.path)
            }
            onFault?(.fileDeleted(path))
        case .fileReplaced:
            // Someone put another file there on purpose (a restored backup, most likely): use it,
            // as a restart would, and keep what only the open copy holds beside it.
            let displaced = path + ".displaced"
            unlink(displaced)
            _ = try queryLocked("VACUUM INTO ?", [.text(displaced)])
            try reopenLocked(between: removeOldLogLocked)
            onFault?(.fileReplaced(path))
        }
    }

    /// Removes the -wal and -shm left at the path by a connection whose main file was moved.
    ///
    /// SQLite does not checkpoint on close once the main file has moved, so its WAL stays at the
    /// path, and a file opened there next would take in its frames: pages of another database.
    /// Everything they held is in the copy written just before.
    private func removeOldLogLocked() {
        unlink(path + "-wal")
        unlink(path + "-shm")
    }

    /// Closes the connection, runs `between`, opens again.
    private func reopenLocked(between: () -> Void = {}) throws(StoreError) {
        sqlite3_close_v2(handle)
        handle = nil
        between()
        handle = try Self.open(path)
        do {
            try configureLocked()
        } catch .sqlite(let reason) {
            // Opening succeeds on a read-only file system; the first write (WAL mode) is where it
            // fails, and the operator needs to know which file.
            throw .cannotOpen(path, reason)
        }
        watch = StateFileWatch(path: path)
    }

    /// Runs a statement that returns no rows.
    public func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StoreError) {
        _ = try query(sql, bindings)
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StoreError) -> [[SQLiteValue]] {
        lock.lock()
        defer { lock.unlock() }
        try checkFileLocked()
        return try queryLocked(sql, bindings)
    }

    /// Runs `body` in one transaction (rolled back if it throws).
    public func transaction<T>(_ body: (SQLiteDatabase.Transaction) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try checkFileLocked()
        _ = try queryLocked("BEGIN IMMEDIATE", [])
        do {
            let result = try body(Transaction(database: self))
            _ = try queryLocked("COMMIT", [])
            return result
        } catch {
            _ = try? queryLocked("ROLLBACK", [])
            throw error
        }
    }

    /// Statements inside ``transaction(_:)``.
    public struct Transaction {
        let database: SQLiteDatabase
        @discardableResult
        public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StoreError) -> [[SQLiteValue]] {
            try database.queryLocked(sql, bindings)
        }
        public func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StoreError) {
            _ = try database.queryLocked(sql, bindings)
        }
    }

    /// Number of rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    fileprivate func queryLocked(_ sql: String, _ bindings: [SQLiteValue]) throws(StoreError) -> [[SQLiteValue]] {
        guard let handle else { throw .cannotOpen(path, "a reopen failed") }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .sqlite(String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, position)
            case .integer(let number): sqlite3_bind_int64(statement, position, number)
            case .text(let string): sqlite3_bind_text(statement, position, string, -1, haven_sqlite_transient())
            case .blob(let bytes):
                sqlite3_bind_blob(statement, position, bytes, Int32(bytes.count), haven_sqlite_transient())
            }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw .sqlite(String(cString: sqlite3_errmsg(handle))) }
            var row: [SQLiteValue] = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let pointer = sqlite3_column_blob(statement, column)
                    row.append(.blob(pointer.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
        return rows
    }
}

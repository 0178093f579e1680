import CPostgreSQL
import Foundation
import HavenStore

/// One libpq connection. Not thread-safe: ``PostgresPool`` lends it to one caller at a time.
final class PostgresConnection {
    private let handle: OpaquePointer
    /// `host:port/database`, for errors: never the password.
    let place: String

    /// Connects with libpq's keyword/value form (no connection string is ever built, so none can leak).
    init(parameters: [(String, String)], place: String) throws(StoreError) {
        self.place = place
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            for pointer in keywords { free(pointer) }
            for pointer in values { free(pointer) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
        guard let connection else { throw .cannotConnect(place, "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.firstLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw .cannotConnect(place, reason)
        }
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// Whether the connection to the server is lost (the server restarted, an idle timeout,
    /// `pg_terminate_backend`); ``reset()`` reconnects.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Reconnects with the same parameters.
    func reset() throws(StoreError) {
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .cannotConnect(place, Self.firstLine(PQerrorMessage(handle)))
        }
    }

    /// Runs a statement with parameters (`$1`, `$2`, …), results in binary format.
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> PostgresResult {
        let encoded = parameters.map(\.encoded)
        let types = encoded.map(\.oid)
        let lengths = encoded.map { Int32($0.bytes?.count ?? 0) }
        let formats = [Int32](repeating: 1, count: encoded.count)
        // libpq reads each value through a pointer; copies keep them alive for the call.
        let buffers: [UnsafeMutablePointer<CChar>?] = encoded.map { value in
            guard let bytes = value.bytes else { return nil }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress {
                    UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: bytes.count)
                }
            }
            return buffer
        }
        defer { for buffer in buffers { buffer?.deallocate() } }
        let values = buffers.map { UnsafePointer($0) }
        let result = PQexecParams(handle, sql, Int32(encoded.count), types, values, lengths, formats, 1)
        defer { PQclear(result) }
        return try Self.read(result, connection: handle)
    }

    /// Runs one or more statements without parameters (schema changes only: no values in SQL).
    func executeScript(_ sql: String) throws(StoreError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        _ = try Self.read(result, connection: handle)
    }

    private static func read(_ result: OpaquePointer?, connection: OpaquePointer) throws(StoreError) -> PostgresResult {
        guard let result else { throw .postgres(firstLine(PQerrorMessage(connection))) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw .postgres(describe(result, connection: connection))
        }
        var rows: [PostgresRow] = []
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var columns: [[UInt8]?] = []
            columns.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    columns.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let pointer = PQgetvalue(result, row, column)
                    columns.append(pointer.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? [])
                }
            }
            rows.append(PostgresRow(columns: columns))
        }
        let changed = PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        return PostgresResult(rows: rows, changed: changed)
    }

    /// The SQLSTATE and the server's primary message. Never the DETAIL field, which is where
    /// PostgreSQL quotes values (`Key (id)=(…) already exists`), nor the statement.
    private static func describe(_ result: OpaquePointer, connection: OpaquePointer) -> String {
        let code = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        guard let primary else { return firstLine(PQerrorMessage(connection)) }
        return code.map { "\(primary) (SQLSTATE \($0))" } ?? primary
    }

    private static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}

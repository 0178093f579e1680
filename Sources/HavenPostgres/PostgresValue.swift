/// A value bound to a statement, sent in PostgreSQL's binary format (so bytes and text go as
/// they are, and no value is ever spliced into SQL).
public enum PostgresValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case bytes([UInt8])
    case bool(Bool)

    /// The type's OID (`pg_type`) and its binary encoding.
    var encoded: (oid: UInt32, bytes: [UInt8]?) {
        switch self {
        case .null: (0, nil)
        case .integer(let value): (20, withUnsafeBytes(of: value.bigEndian) { Array($0) })
        case .text(let value): (25, Array(value.utf8))
        case .bytes(let value): (17, value)
        case .bool(let value): (16, [value ? 1 : 0])
        }
    }
}

/// One row of a result, read in binary format; columns by position.
public struct PostgresRow: Sendable, Equatable {
    /// Each column's bytes, or nil for NULL.
    public var columns: [[UInt8]?]

    /// A `bigint`, `integer` or `smallint` column (big-endian in the binary format).
    public func integer(_ index: Int) -> Int64? {
        guard index < columns.count, let bytes = columns[index] else { return nil }
        switch bytes.count {
        case 8: return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        case 4: return Int64(Int32(bitPattern: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }))
        case 2: return Int64(Int16(bitPattern: bytes.reduce(UInt16(0)) { $0 << 8 | UInt16($1) }))
        default: return nil
        }
    }

    /// A `text` column.
    public func text(_ index: Int) -> String? {
        guard index < columns.count, let bytes = columns[index] else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A `bytea` column.
    public func bytes(_ index: Int) -> [UInt8]? {
        guard index < columns.count else { return nil }
        return columns[index]
    }
}

/// What a statement returned: its rows and how many rows it changed.
public struct PostgresResult: Sendable {
    public var rows: [PostgresRow]
    /// `PQcmdTuples`: rows inserted, updated or deleted (0 for other statements).
    public var changed: Int
}

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

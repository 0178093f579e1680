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

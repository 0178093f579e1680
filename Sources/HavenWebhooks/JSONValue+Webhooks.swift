package import HavenRuntime

/// Forgiving reads of platform payloads, whose fields vary in type.
extension JSONValue {
    /// Parses `bytes` as a JSON object; anything else is `.malformedJSON`.
    package static func parseObject(_ bytes: [UInt8]) throws(WebhookError) -> JSONValue {
        guard let value = JSONValue(parsing: bytes), case .object = value else { throw .malformedJSON }
        return value
    }

    /// The text of a string, or the digits of a whole number (ids are sometimes sent as numbers).
    package var text: String? {
        switch self {
        case .string(let string): string
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: String(Int64(number))
        default: nil
        }
    }

    /// Whether the value marks something as set: `true`, `"true"`, a non-zero number, a non-empty object.
    package var isTruthy: Bool {
        switch self {
        case .bool(let flag): flag
        case .string(let string): ["true", "1", "yes"].contains(string.lowercased())
        case .number(let number): number != 0
        case .object(let object): !object.isEmpty
        case .array, .null: false
        }
    }
}

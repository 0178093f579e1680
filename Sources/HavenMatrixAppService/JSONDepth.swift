/// How deeply JSON bytes nest, found with one pass and no allocation, before any parser recurses
/// into them: a hostile body of a million `[` is refused without being parsed.
enum JSONDepth {
    /// Whether `bytes` nest arrays and objects deeper than `limit` (brackets inside strings do not count).
    static func exceeds(_ bytes: some Collection<UInt8>, limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}

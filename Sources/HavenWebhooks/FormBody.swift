/// An `application/x-www-form-urlencoded` body, as Slack slash commands and Mattermost send.
package struct FormBody: Sendable {
    private var fields: [String: String] = [:]

    /// Decodes `bytes`; `+` is a space and `%XX` a byte, and the result must be UTF-8.
    package init(_ bytes: [UInt8]) throws(WebhookError) {
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
    }

    /// The first value of `name`.
    package subscript(name: String) -> String? { fields[name] }

    private static func decode(_ part: ArraySlice<UInt8>) throws(WebhookError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.count)
        var index = part.startIndex
        while index < part.endIndex {
            let byte = part[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < part.endIndex,
                    let value = SlackSignature.bytes(
                        hex: Substring(decoding: part[(index + 1)...(index + 2)], as: UTF8.self))
                else { throw .malformedForm }
                bytes.append(value[0])
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformedForm }
        return text
    }
}

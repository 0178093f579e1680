/// The text of one rule file, with the path it is reported under.
public struct RuleSource: Sendable {
    /// The file name diagnostics point at.
    public var path: String
    /// The YAML text.
    public var text: String
    /// Where the file's bytes stop being UTF-8, as an error the loader reports; the text then
    /// holds U+FFFD there, so the rest of the file is still checked.
    public var encodingError: Diagnostic?

    /// A source from text already decoded.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Decodes a file's bytes. A file saved in another encoding (Latin-1 from an old editor, say)
    /// is not refused whole: the first bad byte becomes an error with its line and column.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        if let text = String(validating: bytes, as: UTF8.self) {
            self.text = text
            return
        }
        text = String(decoding: bytes, as: UTF8.self)
        guard let (offset, line, column) = Self.firstInvalidByte(in: bytes) else { return }
        let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
        encodingError = Diagnostic(
            .error, .notUTF8, "the file is not valid UTF-8 here (byte \(byte)); save it as UTF-8",
            at: SourceLocation(file: path, line: line, column: column))
    }

    /// The offset, 1-based line and column (in characters, as YAML positions count) of the first
    /// byte that does not start a well-formed UTF-8 sequence.
    static func firstInvalidByte(in bytes: [UInt8]) -> (offset: Int, line: Int, column: Int)? {
        var index = 0
        var line = 1
        var column = 1
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            // The second byte's range narrows for E0, ED, F0 and F4 (no overlong forms, surrogates or values past U+10FFFF).
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                second = 0xA0...0xBF
            case 0xED:
                length = 3
                second = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0:
                length = 4
                second = 0x90...0xBF
            case 0xF4:
                length = 4
                second = 0x80...0x8F
            case 0xF1...0xF3: length = 4
            default: return (index, line, column)
            }
            guard index + length <= bytes.count else { return (index, line, column) }
            for next in 1..<length where !(next == 1 ? second : 0x80...0xBF).contains(bytes[index + next]) {
                return (index, line, column)
            }
            if lead == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }
}

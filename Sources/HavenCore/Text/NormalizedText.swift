/// A message after normalisation: lower-case words separated by single spaces, with clause breaks.
///
/// The matcher scans ``bytes``; every word is surrounded by one space, so a phrase
/// `" you never "` can only match on word boundaries. A clause break is the token `|`,
/// which no phrase contains, so a phrase never spans two clauses.
public struct NormalizedText: Sendable {
    /// The message as it was received.
    public let original: String
    /// The normalised text as UTF-8, starting and ending with a space.
    package internal(set) var bytes: [UInt8]
    /// The tokens in order, clause breaks included.
    package internal(set) var tokens: [Token]

    /// Number of clauses (one more than the number of breaks).
    package var clauseCount: Int { Int((tokens.last?.clause ?? 0) + 1) }

    /// The normalised text as a string (without the outer spaces).
    public var text: String {
        guard bytes.count > 2 else { return "" }
        return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
    }

    /// The normalised words of a token range, joined by single spaces.
    public func text(of range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last, last < tokens.count else { return "" }
        return String(decoding: bytes[Int(tokens[first].start)..<Int(tokens[last].end)], as: UTF8.self)
    }

    /// Whether the token at `index` is exactly the ASCII word `word`.
    package func tokenIs(_ index: Int, _ word: StaticString) -> Bool {
        let token = tokens[index]
        let length = Int(token.end - token.start)
        guard length == word.utf8CodeUnitCount else { return false }
        let start = Int(token.start)
        return word.withUTF8Buffer { buffer in
            for offset in 0..<length where bytes[start + offset] != buffer[offset] { return false }
            return true
        }
    }

    /// The part of the original message that a token range came from.
    public func originalText(of range: Range<Int>) -> Substring {
        guard let first = range.first, let last = range.last else { return "" }
        let utf8 = original.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(tokens[first].originalStart))
        let end = utf8.index(utf8.startIndex, offsetBy: Int(tokens[last].originalEnd))
        return original[start..<end]
    }

    /// The original UTF-8 byte offsets that a token range covers.
    public func originalSpan(of range: Range<Int>) -> Range<Int> {
        guard let first = range.first, let last = range.last else { return 0..<0 }
        return Int(tokens[first].originalStart)..<Int(tokens[last].originalEnd)
    }

    /// The index of the token that contains the byte at `offset` in ``bytes``.
    ///
    /// A space before a word belongs to that word, so any offset maps to a token.
    package func tokenIndex(atByte offset: Int) -> Int {
        var low = 0
        var high = tokens.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(tokens[mid].start) <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The token range of the clause that holds token `index`, breaks excluded.
    package func clauseRange(containing index: Int) -> Range<Int> {
        var start = index
        while start > 0, !tokens[start - 1].isBreak { start -= 1 }
        var end = index + 1
        while end < tokens.count, !tokens[end].isBreak { end += 1 }
        return start..<end
    }
}

/// One word, emoji or clause break of a ``NormalizedText``.
package struct Token: Sendable, Equatable {
    /// Offset of the first byte in ``NormalizedText/bytes``.
    package var start: Int32
    /// Offset one past the last byte.
    package var end: Int32
    /// UTF-8 offset in the original message where the source of this token starts.
    package var originalStart: Int32
    /// UTF-8 offset in the original message where the source of this token ends.
    package var originalEnd: Int32
    /// Index of the clause this token belongs to.
    package var clause: Int32
    /// Whether the token is a clause break (`|`).
    package var isBreak: Bool
    /// Whether the token is an emoji (with its modifiers).
    package var isEmoji: Bool = false
}

import Foundation

/// Turns a raw message into ``NormalizedText``: the one form that rules are written against.
///
/// What it does, in one pass over the UTF-8 bytes:
/// - lower-cases (Unicode-aware; non-ASCII letters also get their NFKC compatibility form,
///   so full-width `ｙｏｕ` reads as `you`);
/// - folds curly and modifier apostrophes to `'` and drops quotation marks;
/// - expands contractions, with or without the apostrophe (`don't`, `dont` → `do not`),
///   and applies the rule set's substitutions (`u` → `you`);
/// - squashes emphatic letter runs (`neverrrr` → `never`);
/// - keeps each emoji (with its modifiers and joiners) as one token;
/// - splits clauses at `. ! ? ; : ,`, parentheses, dashes and ellipses.
///
/// Its cost is linear in the message length; ASCII text never leaves the fast path.
package struct Normalizer: Sendable {
    private let table: SubstitutionTable
    /// The extra substitutions it was made with (kept so a compiled rule set can be saved).
    let substitutions: [String: String]

    /// Creates a normaliser with extra whole-word substitutions (keys and values are plain words).
    package init(substitutions: [String: String] = [:]) {
        self.substitutions = substitutions
        var entries = Contractions.withoutApostrophe.merging(Contractions.withApostrophe) { first, _ in first }
        for (key, value) in substitutions {
            let normalizedKey = Normalizer.foldKey(key)
            if !normalizedKey.isEmpty { entries[normalizedKey] = Normalizer.foldKey(value) }
        }
        table = SubstitutionTable(entries)
    }

    /// Normalises a message.
    package func normalize(_ message: String) -> NormalizedText {
        var copy = message
        let (bytes, tokens) = copy.withUTF8 { input in
            var builder = Builder(table: table, capacity: input.count)
            builder.run(input)
            return (builder.out, builder.tokens)
        }
        return NormalizedText(original: copy, bytes: bytes, tokens: tokens)
    }

    /// Normalises a phrase from a rule file and returns its words (clause breaks dropped).
    package func words(of phrase: String) -> [String] {
        let text = normalize(phrase)
        return text.tokens.indices.filter { !text.tokens[$0].isBreak }.map { text.text(of: $0..<($0 + 1)) }
    }

    static func foldKey(_ key: String) -> String {
        key.lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .replacingOccurrences(of: "\u{2018}", with: "'")
            .trimmingCharacters(in: .whitespaces)
    }
}

// MARK: - The one-pass builder

private struct Builder {
    let table: SubstitutionTable
    var out: [UInt8]
    var tokens: [Token] = []
    var clause: Int32 = 0

    // The word being read.
    var inWord = false
    var wordStart = 0
    var wordOriginalStart = 0
    var wordOriginalEnd = 0
    var wordHasApostrophe = false
    var wordHasRun = false
    var wordIsEmoji = false
    var lastScalarWasJoiner = false

    init(table: SubstitutionTable, capacity: Int) {
        self.table = table
        out = []
        out.reserveCapacity(capacity + 16)
        out.append(Byte.space)
        tokens.reserveCapacity(capacity / 4 + 4)
    }

    mutating func run(_ input: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if Self.isASCIIAlphanumeric(byte) {
                // Most of a message is runs of ASCII letters: append each run in one go.
                var end = index + 1
                while end < count, Self.isASCIIAlphanumeric(input[end]) { end += 1 }
                appendASCIIRun(UnsafeBufferPointer(rebasing: input[index..<end]), at: index)
                index = end
                continue
            }
            if byte < 0x80 {
                ascii(byte, at: index, next: index + 1 < count ? input[index + 1] : 0)
                index += 1
                continue
            }
            let (scalar, length) = Self.decode(input, at: index)
            nonASCII(scalar, at: index, length: length)
            index += length
        }
        endWord()
        if let last = tokens.last, last.isBreak {
            tokens.removeLast()
            out.removeLast(2)
        }
    }

    // MARK: ASCII

    mutating func ascii(_ byte: UInt8, at offset: Int, next: UInt8) {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            appendWordByte(byte, at: offset, length: 1)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            appendWordByte(byte | 0x20, at: offset, length: 1)
        case UInt8(ascii: "'"), UInt8(ascii: "`"):
            apostrophe(at: offset, length: 1)
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"),
            UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "\n"), UInt8(ascii: "["), UInt8(ascii: "]"):
            clauseBreak()
        case UInt8(ascii: "-"):
            // "self-centred" is two words; a free-standing dash breaks the clause.
            if inWord, Self.isASCIILetter(next) { endWord() } else if !inWord { clauseBreak() } else { endWord() }
        default:
            endWord()
        }
    }

    // MARK: Non-ASCII

    mutating func nonASCII(_ scalar: Unicode.Scalar, at offset: Int, length: Int) {
        let value = scalar.value
        switch value {
        case 0x2018, 0x2019, 0x02BC, 0xFF07, 0x2032:
            apostrophe(at: offset, length: length)
            return
        case 0x2026, 0x2013, 0x2014, 0x3002, 0xFF01, 0xFF1F:
            clauseBreak()
            return
        case 0x200D:
            if wordIsEmoji { appendRaw(scalar, at: offset, length: length) }
            lastScalarWasJoiner = true
            return
        case 0xFE0E, 0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F:
            if wordIsEmoji { appendRaw(scalar, at: offset, length: length) }
            return
        default:
            break
        }
        if Self.isEmojiUnit(scalar) {
            if wordIsEmoji
                && (lastScalarWasJoiner || Self.isRegionalIndicator(value) && Self.isRegionalIndicator(lastEmojiScalar))
            {
                appendRaw(scalar, at: offset, length: length)
            } else {
                endWord()
                beginWord(at: offset)
                wordIsEmoji = true
                appendRaw(scalar, at: offset, length: length)
            }
            lastEmojiScalar = value
            lastScalarWasJoiner = false
            return
        }
        lastScalarWasJoiner = false
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil {
            if wordIsEmoji { endWord() }
            let folded = String(Character(scalar)).precomposedStringWithCompatibilityMapping.lowercased()
            for byte in folded.utf8 {
                if byte < 0x80 && !Self.isASCIIAlphanumeric(byte) {
                    endWord()
                    continue
                }
                appendWordByte(byte, at: offset, length: length)
            }
            return
        }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            if inWord && !wordIsEmoji { appendRaw(scalar, at: offset, length: length) }
        default:
            endWord()
        }
    }

    var lastEmojiScalar: UInt32 = 0

    // MARK: Words

    mutating func beginWord(at offset: Int) {
        inWord = true
        wordStart = out.count
        wordOriginalStart = offset
        wordHasApostrophe = false
        wordHasRun = false
        wordIsEmoji = false
    }

    mutating func appendWordByte(_ byte: UInt8, at offset: Int, length: Int) {
        if wordIsEmoji { endWord() }
        if !inWord { beginWord(at: offset) }
        let size = out.count - wordStart
        if size >= 2 && out[out.count - 1] == byte && out[out.count - 2] == byte { wordHasRun = true }
        out.append(byte)
        wordOriginalEnd = offset + length
    }

    /// Appends ASCII letters and digits, lower-cased, as ``appendWordByte(_:at:length:)`` would one by one.
    mutating func appendASCIIRun(_ run: UnsafeBufferPointer<UInt8>, at offset: Int) {
        if wordIsEmoji { endWord() }
        if !inWord { beginWord(at: offset) }
        let first = out.count
        out.append(contentsOf: run)
        let wordStart = wordStart
        let hasRun = out.withUnsafeMutableBufferPointer { out in
            var hasRun = false
            for index in first..<out.count {
                // Setting bit 5 lower-cases A–Z and leaves a–z and 0–9 as they are.
                let byte = out[index] | 0x20
                out[index] = byte
                if index - wordStart >= 2 && out[index - 1] == byte && out[index - 2] == byte { hasRun = true }
            }
            return hasRun
        }
        if hasRun { wordHasRun = true }
        wordOriginalEnd = offset + run.count
    }

    mutating func appendRaw(_ scalar: Unicode.Scalar, at offset: Int, length: Int) {
        for byte in UTF8.encode(scalar)! { out.append(byte) }
        wordOriginalEnd = offset + length
    }

    mutating func apostrophe(at offset: Int, length: Int) {
        guard inWord, !wordIsEmoji else {
            endWord()
            return
        }
        out.append(Byte.apostrophe)
        wordHasApostrophe = true
        wordOriginalEnd = offset + length
    }

    mutating func clauseBreak() {
        endWord()
        guard let last = tokens.last, !last.isBreak else { return }
        let start = Int32(out.count)
        out.append(Byte.bar)
        out.append(Byte.space)
        tokens.append(
            Token(
                start: start, end: start + 1, originalStart: last.originalEnd, originalEnd: last.originalEnd,
                clause: clause, isBreak: true))
        clause += 1
    }

    mutating func endWord() {
        guard inWord else { return }
        inWord = false
        if wordIsEmoji {
            wordIsEmoji = false
            emitTokens()
            tokens[tokens.count - 1].isEmoji = true
            return
        }
        while out.count > wordStart, out[out.count - 1] == Byte.apostrophe { out.removeLast() }
        guard out.count > wordStart else { return }
        if wordHasRun { squashRuns() }
        if wordIsPerfectParticiple(), let contracted = contractedIsBefore() {
            // "he's been" and "she's always had" are "has", not "is": no "is" comes before these.
            readContractedIsAsHas(at: contracted)
        } else if let replacement = table.lookup(out, from: wordStart) {
            out.removeSubrange(wordStart...)
            out.append(contentsOf: replacement)
        } else if !wordHasApostrophe {
            // Unchanged, so one token with no space inside: nothing to split.
            tokens.append(
                Token(
                    start: Int32(wordStart), end: Int32(out.count), originalStart: Int32(wordOriginalStart),
                    originalEnd: Int32(wordOriginalEnd), clause: clause, isBreak: false))
            out.append(Byte.space)
            return
        } else {
            let word = String(decoding: out[wordStart...], as: UTF8.self)
            let expanded = Contractions.expand(word)
            out.removeSubrange(wordStart...)
            out.append(contentsOf: expanded.utf8)
        }
        emitTokens()
    }

    /// Whether the word being ended is one after which a contracted "'s" can only be "has"
    /// ("been", "had", "got", "gotten"). Compared in place: it runs for every word.
    func wordIsPerfectParticiple() -> Bool {
        let word = out[wordStart...]
        switch word.count {
        case 3: return word.elementsEqual("had".utf8) || word.elementsEqual("got".utf8)
        case 4: return word.elementsEqual("been".utf8)
        case 6: return word.elementsEqual("gotten".utf8)
        default: return false
        }
    }

    /// Words that may stand between the contraction and the participle ("she's always been").
    static let perfectAdverbs: [[UInt8]] = Array(
        [
            "always", "never", "ever", "just", "already", "also", "really", "still", "not", "only", "even", "once",
            "probably", "definitely", "literally", "finally", "recently", "since", "actually", "basically",
        ].map { Array($0.utf8) })

    /// The index of the "is" of a contraction such as "he's" that ends the tokens so far, with at
    /// most three ``perfectAdverbs`` after it in the same clause; nil when there is none.
    func contractedIsBefore() -> Int? {
        var index = tokens.count - 1
        for _ in 0...3 {
            guard index >= 1, !tokens[index].isBreak else { return nil }
            let token = tokens[index]
            let bytes = out[Int(token.start)..<Int(token.end)]
            if bytes.elementsEqual("is".utf8), token.originalStart == tokens[index - 1].originalStart {
                return index
            }
            guard Self.perfectAdverbs.contains(where: { $0.elementsEqual(bytes) }) else { return nil }
            index -= 1
        }
        return nil
    }

    /// Rewrites the "is" token at `index` as "has", moving the tokens after it and the word
    /// being ended one byte on; each keeps its place in the original message.
    mutating func readContractedIsAsHas(at index: Int) {
        let word = Array(out[wordStart...])
        let after = tokens[(index + 1)...].map { token in (token, Array(out[Int(token.start)..<Int(token.end)])) }
        let contracted = tokens[index]
        tokens.removeSubrange(index...)
        out.removeSubrange(Int(contracted.start)...)
        for (token, bytes) in [(contracted, Array("has".utf8))] + after {
            var moved = token
            moved.start = Int32(out.count)
            out.append(contentsOf: bytes)
            moved.end = Int32(out.count)
            out.append(Byte.space)
            tokens.append(moved)
        }
        wordStart = out.count
        out.append(contentsOf: word)
    }

    /// Squashes runs of three or more identical letters ("soooo" → "so").
    mutating func squashRuns() {
        var write = wordStart
        var read = wordStart
        while read < out.count {
            let byte = out[read]
            var runEnd = read + 1
            while runEnd < out.count, out[runEnd] == byte { runEnd += 1 }
            let keep = runEnd - read >= 3 && byte < 0x80 ? 1 : runEnd - read
            for _ in 0..<keep {
                out[write] = byte
                write += 1
            }
            read = runEnd
        }
        out.removeSubrange(write...)
    }

    /// Splits the bytes written since `wordStart` at spaces into tokens.
    mutating func emitTokens() {
        out.append(Byte.space)
        var start = wordStart
        for index in wordStart..<out.count where out[index] == Byte.space {
            if index > start {
                tokens.append(
                    Token(
                        start: Int32(start), end: Int32(index), originalStart: Int32(wordOriginalStart),
                        originalEnd: Int32(wordOriginalEnd), clause: clause, isBreak: false))
            }
            start = index + 1
        }
    }

    // MARK: Helpers

    static func decode(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = input[index]
        var length = 1
        var value = UInt32(lead)
        if lead & 0xE0 == 0xC0 {
            length = 2
            value = UInt32(lead & 0x1F)
        } else if lead & 0xF0 == 0xE0 {
            length = 3
            value = UInt32(lead & 0x0F)
        } else if lead & 0xF8 == 0xF0 {
            length = 4
            value = UInt32(lead & 0x07)
        }
        guard index + length <= input.count else { return ("\u{FFFD}", 1) }
        for offset in 1..<max(length, 1) { value = value << 6 | UInt32(input[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Whether a scalar starts or continues an emoji token: an emoji that is not a letter, from U+2100 on.
    static func isEmojiUnit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if let bit = EmojiBlocks.bit(for: value) { return EmojiBlocks.table[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
        let properties = scalar.properties
        return properties.isEmoji && value >= 0x2100 && !properties.isAlphabetic
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) }
    static func isRegionalIndicator(_ value: UInt32) -> Bool { value >= 0x1F1E6 && value <= 0x1F1FF }
}

/// The answer of ``Builder/isEmojiUnit(_:)`` for the blocks where messages' emoji live, worked
/// out once from the Unicode properties: looking the properties up per scalar showed in profiles
/// of emoji-heavy batches.
private enum EmojiBlocks {
    static let ranges: [(start: UInt32, end: UInt32, offset: Int)] = [(0x2000, 0x2C00, 0), (0x1F000, 0x1FB00, 0xC00)]
    static let table: [UInt64] = {
        var table = [UInt64](repeating: 0, count: (0xC00 + 0xB00) / 64)
        for range in ranges {
            for value in range.start..<range.end {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let properties = scalar.properties
                if properties.isEmoji && value >= 0x2100 && !properties.isAlphabetic {
                    let bit = range.offset + Int(value - range.start)
                    table[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
        return table
    }()

    /// The scalar's bit in `table`, or nil outside the tabled blocks.
    @inline(__always)
    static func bit(for value: UInt32) -> Int? {
        if value >= 0x2000 && value < 0x2C00 { return Int(value - 0x2000) }
        if value >= 0x1F000 && value < 0x1FB00 { return 0xC00 + Int(value - 0x1F000) }
        return nil
    }
}

enum Byte {
    static let space = UInt8(ascii: " ")
    static let apostrophe = UInt8(ascii: "'")
    static let bar = UInt8(ascii: "|")
}

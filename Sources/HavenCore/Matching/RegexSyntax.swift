/// The parsed form of a rule regex.
///
/// Rule regexes run on normalised text (lower case, contractions expanded, single spaces),
/// byte by byte. The syntax is the common subset: literals, `.`, classes, `\w \d \s \b`,
/// groups (`(...)`, `(?:...)`, `(?<name>...)`), `|`, `* + ? {m,n}` and `^ $`. Backreferences
/// and lookaround are refused: they are what makes a regex engine backtrack.
indirect enum RegexNode: Sendable, Equatable {
    case empty
    case literal([UInt8])
    case set(ByteSet)
    case group(RegexNode, capture: Int?)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case assertion(RegexAssertion)
}

enum RegexAssertion: Sendable, Equatable {
    case start, end, wordBoundary, notWordBoundary
}

/// A set of bytes, as a 256-bit map.
struct ByteSet: Sendable, Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for byte in range { insert(byte) } }
    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
        words.2 |= other.words.2
        words.3 |= other.words.3
    }

    var inverted: ByteSet {
        var copy = self
        copy.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return copy
    }

    func overlaps(_ other: ByteSet) -> Bool {
        words.0 & other.words.0 != 0 || words.1 & other.words.1 != 0 || words.2 & other.words.2 != 0
            || words.3 & other.words.3 != 0
    }

    static let word: ByteSet = {
        var set = ByteSet()
        set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
        set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        set.insert(UInt8(ascii: "_"))
        set.insert(UInt8(ascii: "'"))
        set.insert(0x80...0xFF)
        return set
    }()
    static let digit: ByteSet = {
        var set = ByteSet()
        set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        return set
    }()
    static let space: ByteSet = {
        var set = ByteSet()
        for byte in [UInt8(ascii: " "), 9, 10, 13] { set.insert(byte) }
        return set
    }()
    /// `.`: every byte but the clause break, so a regex never reaches into the next clause.
    static let any: ByteSet = {
        var result = ByteSet()
        for byte in 0...255 where byte != Int(UInt8(ascii: "|")) && byte != 10 { result.insert(UInt8(byte)) }
        return result
    }()
}

/// A syntax error in a rule regex, with the 0-based offset (in characters) where it was found.
struct RegexSyntaxError: Error, Sendable, Equatable {
    var message: String
    var offset: Int
}

/// Parses the regex syntax described on ``RegexNode``.
struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private(set) var groupCount = 0
    private(set) var groupNames: [String: Int] = [:]
    /// The deepest nesting of groups and stacked quantifiers: the parser, the compiler and the
    /// analyses all recurse once per level, and twenty thousand levels overflowed the stack.
    private let maxNesting: Int
    private var depth = 0

    init(_ pattern: String, maxNesting: Int = RuleLimits.standard.nesting) {
        scalars = Array(pattern.unicodeScalars)
        self.maxNesting = maxNesting
    }

    private func tooDeep(at offset: Int) -> RegexSyntaxError {
        RegexSyntaxError(message: "groups and quantifiers nest more than \(maxNesting) deep", offset: offset)
    }

    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try parseAlternation()
        if position < scalars.count {
            throw RegexSyntaxError(message: "unbalanced ')'", offset: position)
        }
        return node
    }

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func parseAlternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try parseConcatenation()]
        while peek == "|" {
            position += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            let atomStart = position
            var atom = try parseAtom()
            atom = try parseQuantifiers(atom, atomStart: atomStart)
            if case .literal(let bytes) = atom, case .literal(let previous)? = items.last {
                items[items.count - 1] = .literal(previous + bytes)
            } else {
                items.append(atom)
            }
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    private mutating func parseQuantifiers(_ atom: RegexNode, atomStart: Int) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        var stacked = 0
        while let scalar = peek {
            let quantifierStart = position
            var bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let parsed = try parseBraces() else { return node }
                bounds = parsed
            default: return node
            }
            if scalar != "{" { position += 1 }
            // `a{1}{1}{1}…` nests a repetition per quantifier, as deep as groups would.
            stacked += 1
            if depth + stacked > maxNesting { throw tooDeep(at: quantifierStart) }
            if case .assertion = node {
                throw RegexSyntaxError(message: "nothing to repeat", offset: atomStart)
            }
            if case .empty = node { throw RegexSyntaxError(message: "nothing to repeat", offset: atomStart) }
            var greedy = true
            if peek == "?" {
                greedy = false
                position += 1
            } else if peek == "+" {
                throw RegexSyntaxError(message: "possessive quantifiers are not supported", offset: position)
            }
            // A quantifier binds to the last byte of a literal run only.
            if case .literal(let bytes) = node, bytes.count > Self.lastScalarLength(bytes) {
                let lastLength = Self.lastScalarLength(bytes)
                let head = Array(bytes.dropLast(lastLength))
                let tail = Array(bytes.suffix(lastLength))
                node = .concat([
                    .literal(head), .repetition(.literal(tail), min: bounds.0, max: bounds.1, greedy: greedy),
                ])
            } else {
                node = .repetition(node, min: bounds.0, max: bounds.1, greedy: greedy)
            }
        }
        return node
    }

    private static func lastScalarLength(_ bytes: [UInt8]) -> Int {
        var length = 1
        var index = bytes.count - 1
        while index > 0, bytes[index] & 0xC0 == 0x80 {
            length += 1
            index -= 1
        }
        return length
    }

    private mutating func parseBraces() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = position
        var cursor = position + 1
        func number() -> Int? {
            var value: Int?
            while cursor < scalars.count, let digit = Int(String(scalars[cursor])), scalars[cursor].isASCII {
                value = (value ?? 0) * 10 + digit
                cursor += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            high = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        position = cursor + 1
        if let high, high < low { throw RegexSyntaxError(message: "bad repetition {\(low),\(high)}", offset: start) }
        if low > 100 || (high ?? 0) > 100 {
            throw RegexSyntaxError(message: "repetition counts above 100 are not supported", offset: start)
        }
        return (low, high)
    }

    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = peek else { throw RegexSyntaxError(message: "unexpected end", offset: position) }
        let start = position
        position += 1
        switch scalar {
        case "(":
            return try parseGroup(start: start)
        case "[":
            return .set(try parseClass(start: start))
        case ".":
            return .set(.any)
        case "^":
            return .assertion(.start)
        case "$":
            return .assertion(.end)
        case "\\":
            return try parseEscape(inClass: false).node
        case "*", "+", "?":
            throw RegexSyntaxError(message: "nothing to repeat before '\(scalar)'", offset: start)
        default:
            return .literal(Array(String(scalar).lowercased().utf8))
        }
    }

    private mutating func parseGroup(start: Int) throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > maxNesting { throw tooDeep(at: start) }
        var capture: Int?
        if peek == "?" {
            position += 1
            if peek == ":" {
                position += 1
            } else if peek == "<" || peek == "P" {
                if peek == "P" { position += 1 }
                guard peek == "<" else { throw RegexSyntaxError(message: "bad group syntax", offset: start) }
                position += 1
                if peek == "=" || peek == "!" {
                    throw RegexSyntaxError(message: "lookbehind is not supported", offset: start)
                }
                var name = ""
                while let scalar = peek, scalar != ">" {
                    guard scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) else {
                        throw RegexSyntaxError(message: "bad group name", offset: position)
                    }
                    name.unicodeScalars.append(scalar)
                    position += 1
                }
                guard peek == ">", !name.isEmpty else {
                    throw RegexSyntaxError(message: "unterminated group name", offset: start)
                }
                position += 1
                groupCount += 1
                capture = groupCount
                if groupNames[name] != nil {
                    throw RegexSyntaxError(message: "duplicate group name '\(name)'", offset: start)
                }
                groupNames[name] = groupCount
            } else if peek == "=" || peek == "!" {
                throw RegexSyntaxError(message: "lookahead is not supported", offset: start)
            } else {
                throw RegexSyntaxError(message: "unsupported group syntax", offset: start)
            }
        } else {
            groupCount += 1
            capture = groupCount
        }
        let inner = try parseAlternation()
        guard peek == ")" else { throw RegexSyntaxError(message: "missing ')'", offset: start) }
        position += 1
        return .group(inner, capture: capture)
    }

    private mutating func parseClass(start: Int) throws(RegexSyntaxError) -> ByteSet {
        var set = ByteSet()
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var first = true
        while let scalar = peek, scalar != "]" || first {
            first = false
            position += 1
            var low: UInt8?
            if scalar == "\\" {
                let escape = try parseEscape(inClass: true)
                if let byteSet = escape.set {
                    set.formUnion(byteSet)
                    continue
                }
                low = escape.byte
            } else if scalar.isASCII {
                low = UInt8(scalar.value)
            } else {
                for byte in String(scalar).lowercased().utf8 { set.insert(byte) }
                continue
            }
            guard let lowByte = low else { continue }
            if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                let highScalar = scalars[position]
                position += 1
                guard highScalar.isASCII, UInt8(highScalar.value) >= lowByte else {
                    throw RegexSyntaxError(message: "bad class range", offset: position - 1)
                }
                set.insert(lowByte...UInt8(highScalar.value))
            } else {
                set.insert(lowByte)
            }
        }
        guard peek == "]" else { throw RegexSyntaxError(message: "missing ']'", offset: start) }
        position += 1
        // Text is lower case: a class that names upper-case letters names their lower-case forms too.
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") where set.contains(byte) { set.insert(byte | 0x20) }
        return negated ? set.inverted : set
    }

    private mutating func parseEscape(inClass: Bool) throws(RegexSyntaxError) -> (
        node: RegexNode, set: ByteSet?, byte: UInt8?
    ) {
        guard let scalar = peek else { throw RegexSyntaxError(message: "trailing backslash", offset: position - 1) }
        position += 1
        func set(_ set: ByteSet) -> (RegexNode, ByteSet?, UInt8?) { (.set(set), set, nil) }
        switch scalar {
        case "w": return set(.word)
        case "W": return set(ByteSet.word.inverted)
        case "d": return set(.digit)
        case "D": return set(ByteSet.digit.inverted)
        case "s": return set(.space)
        case "S": return set(ByteSet.space.inverted)
        case "b" where !inClass: return (.assertion(.wordBoundary), nil, nil)
        case "B" where !inClass: return (.assertion(.notWordBoundary), nil, nil)
        case "n": return (.literal([10]), nil, 10)
        case "t": return (.literal([9]), nil, 9)
        case "1"..."9":
            throw RegexSyntaxError(message: "backreferences are not supported", offset: position - 2)
        default:
            guard scalar.isASCII, !scalar.properties.isAlphabetic else {
                throw RegexSyntaxError(message: "unknown escape '\\\(scalar)'", offset: position - 2)
            }
            let byte = UInt8(scalar.value)
            return (.literal([byte]), nil, byte)
        }
    }
}

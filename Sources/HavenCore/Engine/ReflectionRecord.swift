/// The machine-readable form of one reflection: one JSON object on one line.
///
/// `{"patterns":[{"id":…,"score":…,"stance":…,"evidence":[{"rule":…,"text":…,"start":…,"end":…}]}],"reply":…,"sections":[…]}`.
/// `start` and `end` are UTF-8 byte offsets into the message as received.
package enum ReflectionRecord {
    /// - Parameter stances: one per pattern of `analysis` (``RuleSet/stances(of:)``).
    package static func jsonLine(_ analysis: Analysis, _ reply: Reply, stances: [Stance], into out: inout [UInt8]) {
        JSON.raw(#"{"patterns":["#, into: &out)
        for (index, pattern) in analysis.patterns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.raw(#"{"id":"#, into: &out)
            JSON.string(pattern.categoryID, into: &out)
            JSON.raw(#","score":"#, into: &out)
            JSON.number(pattern.score, into: &out)
            JSON.raw(#","stance":"#, into: &out)
            JSON.string(index < stances.count ? stances[index].rawValue : Stance.unknown.rawValue, into: &out)
            JSON.raw(#","evidence":["#, into: &out)
            for (evidenceIndex, evidence) in pattern.evidence.enumerated() {
                if evidenceIndex > 0 { out.append(UInt8(ascii: ",")) }
                let span = analysis.text.originalSpan(of: evidence.tokens)
                JSON.raw(#"{"rule":"#, into: &out)
                JSON.string(evidence.ruleID, into: &out)
                JSON.raw(#","text":"#, into: &out)
                JSON.string(analysis.text.original, bytes: span, into: &out)
                JSON.raw(#","start":"#, into: &out)
                JSON.integer(span.lowerBound, into: &out)
                JSON.raw(#","end":"#, into: &out)
                JSON.integer(span.upperBound, into: &out)
                if !evidence.loweredBy.isEmpty {
                    JSON.raw(#","lowered_by":"#, into: &out)
                    JSON.strings(evidence.loweredBy, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            JSON.raw("]}", into: &out)
        }
        JSON.raw(#"],"reply":"#, into: &out)
        JSON.string(reply.text, into: &out)
        JSON.raw(#","sections":"#, into: &out)
        JSON.strings(reply.sections, into: &out)
        JSON.raw("}\n", into: &out)
    }
}

/// Minimal JSON writing without Foundation's encoder (which dominates batch time otherwise).
///
/// Everything writes bytes straight into the caller's buffer: a batch run writes one record
/// per message, and intermediate strings for numbers and quoted words were a visible share of it.
package enum JSON {
    package static func string(_ value: String, into out: inout [UInt8]) {
        var value = value
        value.withUTF8 { escaped($0, into: &out) }
    }

    /// An array of strings: `["a","b"]`.
    package static func strings(_ values: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The bytes `span` of `text` (UTF-8 offsets) as a JSON string, without copying them into a
    /// string of their own first.
    static func string(_ text: String, bytes span: Range<Int>, into out: inout [UInt8]) {
        let written =
            text.utf8.withContiguousStorageIfAvailable { utf8 in
                // Offsets inside a character's bytes never come from the normaliser; should one ever,
                // slicing the string (which rounds to a scalar boundary) keeps the output as it was.
                func isBoundary(_ offset: Int) -> Bool { offset == utf8.count || utf8[offset] & 0xC0 != 0x80 }
                guard span.upperBound <= utf8.count, isBoundary(span.lowerBound), isBoundary(span.upperBound) else {
                    return false
                }
                escaped(UnsafeBufferPointer(rebasing: utf8[span]), into: &out)
                return true
            } ?? false
        if !written {
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: span.lowerBound)
            let end = utf8.index(utf8.startIndex, offsetBy: span.upperBound)
            string(String(text[start..<end]), into: &out)
        }
    }

    /// Valid UTF-8 as a quoted JSON string.
    private static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none of them needs escaping (almost all text).
            if index + 8 <= bytes.count,
                !mayNeedEscaping(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let position = index
            let byte = bytes[position]
            index += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            runStart = position + 1
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#, into: &out)
            case UInt8(ascii: "\\"): raw(#"\\"#, into: &out)
            case UInt8(ascii: "\n"): raw(#"\n"#, into: &out)
            case UInt8(ascii: "\r"): raw(#"\r"#, into: &out)
            case UInt8(ascii: "\t"): raw(#"\t"#, into: &out)
            default:
                let hex = Array("0123456789abcdef".utf8)
                raw(#"\u00"#, into: &out)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of eight bytes may be a control character, a quote or a backslash (never a
    /// false "no"; a rare false "yes" only sends those bytes through the byte-by-byte check).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ x: UInt64, _ limit: UInt64) -> UInt64 { (x &- ones &* limit) & ~x & highs }
        return hasByteBelow(word, 0x20) | hasByteBelow(word ^ (ones &* 0x22), 1)
            | hasByteBelow(word ^ (ones &* 0x5C), 1) != 0
    }

    package static func string(_ value: String) -> String {
        var out: [UInt8] = []
        string(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A score with at most three decimals.
    package static func number(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        if thousandths % 1000 == 0 { return "\(thousandths / 1000)" }
        var fraction = String(thousandths % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(thousandths / 1000).\(fraction)"
    }

    /// ``number(_:)`` written into `out`: the same digits, without building a string.
    static func number(_ value: Double, into out: inout [UInt8]) {
        let thousandths = Int((value * 1000).rounded())
        guard thousandths >= 0 else {
            // Scores are never negative; keep whatever the string form says for one that is.
            out.append(contentsOf: number(value).utf8)
            return
        }
        integer(thousandths / 1000, into: &out)
        let fraction = thousandths % 1000
        guard fraction != 0 else { return }
        // Up to three digits, without trailing zeros.
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        if fraction % 100 != 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
            if fraction % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
    }

    /// An integer in decimal, as `"\(value)"` writes it.
    static func integer(_ value: Int, into out: inout [UInt8]) {
        guard value >= 0 else {
            out.append(contentsOf: "\(value)".utf8)
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A literal written as it is: no escaping, no intermediate array.
    static func raw(_ literal: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

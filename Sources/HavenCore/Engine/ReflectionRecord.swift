/// The machine-readable form of one reflection: one JSON object on one line.
///
/// `{"patterns":[{"id":…,"score":…,"evidence":[{"rule":…,"text":…,"start":…,"end":…}]}],"reply":…,"sections":[…]}`.
/// `start` and `end` are UTF-8 byte offsets into the message as received.
public enum ReflectionRecord {
    public static func jsonLine(_ analysis: Analysis, _ reply: Reply, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"patterns":["#.utf8)
        for (index, pattern) in analysis.patterns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"id":"#.utf8)
            JSON.string(pattern.categoryID, into: &out)
            out.append(contentsOf: #","score":"#.utf8)
            out.append(contentsOf: JSON.number(pattern.score).utf8)
            out.append(contentsOf: #","evidence":["#.utf8)
            for (evidenceIndex, evidence) in pattern.evidence.enumerated() {
                if evidenceIndex > 0 { out.append(UInt8(ascii: ",")) }
                let span = analysis.text.originalSpan(of: evidence.tokens)
                out.append(contentsOf: #"{"rule":"#.utf8)
                JSON.string(evidence.ruleID, into: &out)
                out.append(contentsOf: #","text":"#.utf8)
                JSON.string(String(analysis.text.originalText(of: evidence.tokens)), into: &out)
                out.append(contentsOf: #","start":\#(span.lowerBound),"end":\#(span.upperBound)"#.utf8)
                if !evidence.loweredBy.isEmpty {
                    out.append(contentsOf: #","lowered_by":["#.utf8)
                    for (guardIndex, id) in evidence.loweredBy.enumerated() {
                        if guardIndex > 0 { out.append(UInt8(ascii: ",")) }
                        JSON.string(id, into: &out)
                    }
                    out.append(UInt8(ascii: "]"))
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: #"],"reply":"#.utf8)
        JSON.string(reply.text, into: &out)
        out.append(contentsOf: #","sections":["#.utf8)
        for (index, section) in reply.sections.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.string(section, into: &out)
        }
        out.append(contentsOf: "]}\n".utf8)
    }
}

/// Minimal JSON writing without Foundation's encoder (which dominates batch time otherwise).
public enum JSON {
    public static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    public static func string(_ value: String) -> String {
        var out: [UInt8] = []
        string(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A score with at most three decimals.
    public static func number(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        if thousandths % 1000 == 0 { return "\(thousandths / 1000)" }
        var fraction = String(thousandths % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(thousandths / 1000).\(fraction)"
    }
}

/// `haven check` output: text (coloured for a terminal) and one JSON object.
extension CheckReport {
    /// ANSI colours per category: red for what may land as an attack, yellow for guarding and
    /// going quiet, green for appreciation.
    static func colour(of categoryID: String) -> String {
        switch categoryID {
        case "criticism", "contempt": "\u{1B}[31m"
        case "defensiveness", "withdrawal": "\u{1B}[33m"
        default: "\u{1B}[32m"
        }
    }

    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    /// The report for a person: the safety response alone for danger; else each marked passage
    /// with its note and antidote, the appreciation found, and the closing question.
    package func text(colour: Bool) -> String {
        if let safety { return safety.text + "\n" }
        func quoted(_ passage: Passage) -> String {
            colour ? "\(Self.colour(of: passage.categoryID))\"\(passage.text)\"\(Self.reset)" : "\"\(passage.text)\""
        }
        func label(_ id: String) -> String { colour ? "\(Self.bold)\(id)\(Self.reset)" : id }
        var out = ""
        if marked.isEmpty {
            out += words.text(.nothingMarked) + "\n"
        } else {
            for passage in marked {
                out +=
                    words.text(
                        .marked,
                        ["passage": quoted(passage), "category": label(passage.categoryID), "note": passage.note])
                    + "\n"
                if let antidote = passage.antidote {
                    out += "  \(antidote)"
                    if let section = passage.section { out += " (\(section))" }
                    out += "\n"
                }
            }
        }
        for passage in appreciation {
            out += words.text(.worthKeeping, ["passage": quoted(passage), "note": passage.note]) + "\n"
        }
        out += question + "\n"
        return out
    }

    /// One JSON object on one line: `{"crisis":false,"marked":[…],"appreciation":[…],"question":…}`,
    /// each passage with `category`, `rule`, `text`, UTF-8 byte offsets `start`/`end`, `note`, and
    /// for marked ones `antidote` and `section` (null when no template fits); for danger
    /// `{"crisis":true,"reply":…,"sections":[…]}`.
    package func jsonLine(into out: inout [UInt8]) {
        if let safety {
            JSON.raw(#"{"crisis":true,"reply":"#, into: &out)
            JSON.string(safety.text, into: &out)
            JSON.raw(#","sections":"#, into: &out)
            JSON.strings(safety.sections, into: &out)
            JSON.raw("}\n", into: &out)
            return
        }
        JSON.raw(#"{"crisis":false,"marked":["#, into: &out)
        Self.write(marked, withAntidote: true, into: &out)
        JSON.raw(#"],"appreciation":["#, into: &out)
        Self.write(appreciation, withAntidote: false, into: &out)
        JSON.raw(#"],"question":"#, into: &out)
        JSON.string(question, into: &out)
        JSON.raw("}\n", into: &out)
    }

    private static func write(_ passages: [Passage], withAntidote: Bool, into out: inout [UInt8]) {
        for (index, passage) in passages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.raw(#"{"category":"#, into: &out)
            JSON.string(passage.categoryID, into: &out)
            JSON.raw(#","rule":"#, into: &out)
            JSON.string(passage.ruleID, into: &out)
            JSON.raw(#","text":"#, into: &out)
            JSON.string(passage.text, into: &out)
            JSON.raw(#","start":"#, into: &out)
            JSON.integer(passage.start, into: &out)
            JSON.raw(#","end":"#, into: &out)
            JSON.integer(passage.end, into: &out)
            JSON.raw(#","note":"#, into: &out)
            JSON.string(passage.note, into: &out)
            if withAntidote {
                JSON.raw(#","antidote":"#, into: &out)
                if let antidote = passage.antidote {
                    JSON.string(antidote, into: &out)
                } else {
                    JSON.raw("null", into: &out)
                }
                JSON.raw(#","section":"#, into: &out)
                if let section = passage.section {
                    JSON.string(section, into: &out)
                } else {
                    JSON.raw("null", into: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

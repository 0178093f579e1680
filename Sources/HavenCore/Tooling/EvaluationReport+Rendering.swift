import Foundation

extension EvaluationReport {
    /// How many confusions the text report lists.
    static let confusionsShown = 10

    /// The report for people: crisis figures first, then macro-F1 and top-1, a table per
    /// category, the most frequent confusions, and the misses and false alarms with what fired.
    package func renderText() -> String {
        var lines: [String] = []
        lines.append("\(messageCount) labelled messages, \(categories.count) categories")
        if let crisis {
            let detected = crisis.truePositives + crisis.falsePositives
            let labelled = crisis.truePositives + crisis.falseNegatives
            lines.append(
                "crisis (safety tier): recall \(Self.fixed(crisis.recall)) (\(crisis.truePositives) of \(labelled) caught), "
                    + "precision \(Self.fixed(crisis.precision)) (\(crisis.truePositives) of \(detected) alarms right)")
        }
        lines.append(
            "macro-F1 \(Self.fixed(macroF1, digits: 3)), top-1 \(Self.fixed(topOne, digits: 3)) (\(topOneHits) of \(messageCount))"
        )
        lines.append("")
        let width = max("category".count, categories.map(\.id.count).max() ?? 0) + 2
        func row(_ cells: [String]) -> String {
            cells[0].padding(toLength: width, withPad: " ", startingAt: 0)
                + zip(cells.dropFirst(), [9, 8, 6, 6, 6, 6]).map {
                    String(repeating: " ", count: max(0, $1 - $0.count)) + $0
                }.joined()
        }
        lines.append(row(["category", "precision", "recall", "F1", "TP", "FP", "FN"]))
        for score in categories {
            lines.append(
                row([
                    score.id, Self.fixed(score.precision), Self.fixed(score.recall), Self.fixed(score.f1),
                    "\(score.truePositives)", "\(score.falsePositives)", "\(score.falseNegatives)",
                ]))
        }
        lines.append("")
        if confusions.isEmpty {
            lines.append("No confusions: every message's strongest pattern is one of its labels.")
        } else {
            lines.append("Most frequent confusions (primary label → strongest pattern detected):")
            for confusion in confusions.prefix(Self.confusionsShown) {
                let count = "\(confusion.count)"
                lines.append(
                    String(repeating: " ", count: max(0, 6 - count.count)) + count
                        + "  \(confusion.label) → \(confusion.detected ?? "nothing detected")")
            }
        }
        if mistakeLimit > 0 {
            lines.append("")
            lines.append(
                "Misses and false alarms (up to \(mistakeLimit) of each per category; haven rules explain \"…\" shows why):"
            )
            for score in categories where score.falseNegatives + score.falsePositives > 0 {
                lines.append(
                    "\(score.id): \(score.falseNegatives) missed, \(score.falsePositives) false alarm\(score.falsePositives == 1 ? "" : "s")"
                )
                for mistake in mistakes(of: score.id) {
                    let kind = mistake.kind == .miss ? "miss" : "false alarm"
                    let labels = mistake.labels.isEmpty ? LabelledSet.none : mistake.labels.joined(separator: ",")
                    lines.append("  \(kind), line \(mistake.line) [\(labels)]: \(mistake.text.oneLine)")
                    if mistake.fired.isEmpty {
                        lines.append("    nothing fired")
                    } else {
                        lines.append(
                            "    fired: "
                                + mistake.fired.map { firing in
                                    firing.words.map { "\(firing.ruleID) \"\($0.oneLine)\"" } ?? firing.ruleID
                                }.joined(separator: ", "))
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The report for programs, one JSON object per line:
    ///
    /// - `{"type":"summary","messages","categories":[ids],"macro_f1","top1","top1_hits","crisis":{"precision","recall","f1","tp","fp","fn"},"confusions":[{"label","detected","count"}]}`,
    ///   with `"min_crisis_recall"` and `"crisis_recall_ok"` when a minimum is given;
    /// - one `{"type":"category","id","precision","recall","f1","tp","fp","fn"}` per category;
    /// - one `{"type":"miss"|"false_alarm","category","line","labels":[…],"detected":[…],"text","fired":[{"rule","words"}]}`
    ///   per kept mistake (`labels` empty for `none`; `detected` strongest first; `words` null
    ///   for a rule whose match lies inside a longer one).
    ///
    /// Ratios are written in full precision; the counts let a reader recompute them.
    package func renderJSONLines(minimumCrisisRecall: Double? = nil) -> String {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ text: String?) {
            if let text { JSON.string(text, into: &out) } else { raw("null") }
        }
        func strings(_ values: [String]) {
            raw("[")
            for (index, value) in values.enumerated() {
                if index > 0 { raw(",") }
                string(value)
            }
            raw("]")
        }
        func scores(_ score: CategoryScore) {
            raw(#""precision":\#(score.precision),"recall":\#(score.recall),"f1":\#(score.f1),"#)
            raw(#""tp":\#(score.truePositives),"fp":\#(score.falsePositives),"fn":\#(score.falseNegatives)"#)
        }

        raw(#"{"type":"summary","messages":\#(messageCount),"categories":"#)
        strings(categories.map(\.id))
        raw(#","macro_f1":\#(macroF1),"top1":\#(topOne),"top1_hits":\#(topOneHits),"crisis":"#)
        if let crisis {
            raw("{")
            scores(crisis)
            raw("}")
        } else {
            raw("null")
        }
        raw(#","confusions":["#)
        for (index, confusion) in confusions.enumerated() {
            if index > 0 { raw(",") }
            raw(#"{"label":"#)
            string(confusion.label)
            raw(#","detected":"#)
            string(confusion.detected)
            raw(#","count":\#(confusion.count)}"#)
        }
        raw("]")
        if let minimumCrisisRecall {
            raw(
                #","min_crisis_recall":\#(minimumCrisisRecall),"crisis_recall_ok":\#(meetsCrisisRecall(minimumCrisisRecall))"#
            )
        }
        raw("}\n")
        for score in categories {
            raw(#"{"type":"category","id":"#)
            string(score.id)
            raw(",")
            scores(score)
            raw("}\n")
        }
        for score in categories {
            for mistake in mistakes(of: score.id) {
                raw(#"{"type":"#)
                string(mistake.kind.rawValue)
                raw(#","category":"#)
                string(mistake.categoryID)
                raw(#","line":\#(mistake.line),"labels":"#)
                strings(mistake.labels)
                raw(#","detected":"#)
                strings(mistake.detected)
                raw(#","text":"#)
                string(mistake.text)
                raw(#","fired":["#)
                for (index, firing) in mistake.fired.enumerated() {
                    if index > 0 { raw(",") }
                    raw(#"{"rule":"#)
                    string(firing.ruleID)
                    raw(#","words":"#)
                    string(firing.words)
                    raw("}")
                }
                raw("]}\n")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` with a fixed number of decimals, as the report's tables print it.
    static func fixed(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}

/// A plain-language trace of how Haven read one message: for a person, not for the engine.
package struct Explanation: Sendable {
    package let analysis: Analysis
    package let reply: Reply
    let rules: RuleSet

    package init(_ message: String, rules: RuleSet) {
        self.rules = rules
        analysis = rules.analyze(message, trace: true)
        reply = rules.reply(to: analysis)
    }

    package func render() -> String {
        let text = analysis.text
        var lines: [String] = []
        lines.append("Message:     \(text.original.oneLine)")
        lines.append("Normalised:  \(text.text)   (lower case, contractions expanded; '|' marks a clause break)")
        let spans = analysis.patterns.flatMap { $0.evidence.map { text.originalSpan(of: $0.tokens) } }
        if !spans.isEmpty {
            lines.append("Matched words are in [brackets]: \(Self.mark(text.original, spans).oneLine)")
        }
        lines.append("")
        if analysis.patterns.isEmpty {
            lines.append("No rule matched.")
        } else {
            lines.append("Rules that fired:")
            for pattern in analysis.patterns {
                for evidence in pattern.evidence {
                    let rule = rules.rules.first { $0.id == evidence.ruleID }
                    let weight = rule.map { " weight \(JSON.number($0.weight))," } ?? ""
                    let lowered =
                        evidence.loweredBy.isEmpty
                        ? "" : "; lowered by guard \(evidence.loweredBy.joined(separator: ", "))"
                    lines.append(
                        "  \(evidence.ruleID) (\(pattern.categoryID),\(weight) \(rule?.location.description ?? "")) on \"\(text.originalText(of: evidence.tokens))\"\(lowered)"
                    )
                }
            }
        }
        if !analysis.suppressed.isEmpty {
            lines.append("Switched off by a guard:")
            for item in analysis.suppressed {
                let guardRule = rules.guards.first { $0.id == item.guardID }
                let why = item.reason.isEmpty ? "" : ": \(item.reason)"
                lines.append(
                    "  \(item.ruleID) on \"\(text.originalText(of: item.tokens))\", by guard \(item.guardID) on \"\(text.originalText(of: item.guardTokens))\" (\(guardRule?.location.description ?? ""))\(why)"
                )
            }
        }
        if !analysis.nearMisses.isEmpty {
            lines.append("Near misses (part of a rule was found, but not all of it):")
            var seen = Set<String>()
            for miss in analysis.nearMisses where seen.insert(miss.ruleID).inserted {
                lines.append("  \(miss.ruleID): \(miss.reason), near \"\(text.originalText(of: miss.tokens))\"")
            }
        }
        lines.append("")
        if !analysis.patterns.isEmpty {
            lines.append("Ranking (crisis always first, then score, then priority):")
            for (index, pattern) in analysis.patterns.enumerated() {
                lines.append(
                    "  \(index + 1). \(pattern.categoryID)  score \(JSON.number(pattern.score))  priority \(pattern.priority)"
                )
            }
            lines.append("")
        }
        let source: String
        if reply.promptID == "safety" {
            source = "the safety response (crisis is never answered with a reflection)"
        } else if let prompt = (rules.categories.flatMap(\.prompts) + rules.fallbackPrompts).first(where: {
            $0.id == reply.promptID
        }) {
            source =
                "prompt \(prompt.id) at \(prompt.location)"
                + (analysis.patterns.isEmpty ? ", from the prompts for messages with no pattern" : "")
                + (prompt.stance.map {
                    ", one of the prompts for \($0 == .speaker ? "messages addressed to the other person" : "reports about the other person") (stance: \($0.rawValue))"
                } ?? "")
        } else {
            source = reply.promptID
        }
        lines.append(
            "Reply, from \(source); article section: \(reply.sections.map { "\"\($0)\"" }.joined(separator: ", ")):")
        lines.append("  \(reply.text)")
        return lines.joined(separator: "\n")
    }

    /// The message with `[` `]` around each span (UTF-8 offsets), overlapping spans merged.
    static func mark(_ message: String, _ spans: [Range<Int>]) -> String {
        var merged: [Range<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        let bytes = Array(message.utf8)
        var out: [UInt8] = []
        var cursor = 0
        for span in merged {
            out += bytes[cursor..<span.lowerBound]
            out.append(UInt8(ascii: "["))
            out += bytes[span]
            out.append(UInt8(ascii: "]"))
            cursor = span.upperBound
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }
}

package import HavenCore

/// A run of message text, marked when rules fired on it.
package struct Segment: Sendable, Equatable {
    package var text: String
    package var marked: Bool

    package init(_ text: String, marked: Bool) {
        self.text = text
        self.marked = marked
    }

    /// `analysis`'s message cut at the evidence of `categories` (every category when nil).
    package static func highlighting(_ analysis: Analysis, categories: Set<String>? = nil) -> [Segment] {
        var spans: [Range<Int>] = []
        for pattern in analysis.patterns where categories?.contains(pattern.categoryID) ?? true {
            for evidence in pattern.evidence { spans.append(analysis.text.originalSpan(of: evidence.tokens)) }
        }
        return cut(analysis.text.original, at: spans)
    }

    /// `text` cut into plain and marked runs at `spans` (UTF-8 byte offsets, overlapping or not).
    package static func cut(_ text: String, at spans: [Range<Int>]) -> [Segment] {
        let bytes = Array(text.utf8)
        var merged: [Range<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) where !span.isEmpty {
            let span = max(0, span.lowerBound)..<min(bytes.count, span.upperBound)
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        var segments: [Segment] = []
        var position = 0
        func piece(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        for span in merged {
            if span.lowerBound > position { segments.append(Segment(piece(position..<span.lowerBound), marked: false)) }
            segments.append(Segment(piece(span), marked: true))
            position = span.upperBound
        }
        if position < bytes.count || segments.isEmpty {
            segments.append(Segment(piece(position..<bytes.count), marked: false))
        }
        return segments
    }
}

import Foundation

/// Rewordings of a must-match example that must still match: the ways real people type.
package enum ExampleVariants {
    /// Each variant with a short name for reports.
    package static func of(_ example: String) -> [(name: String, text: String)] {
        var variants: [(String, String)] = []
        if example.contains("'") {
            variants.append(("curly apostrophes", example.replacingAll("'", with: "\u{2019}")))
        } else if example.contains("\u{2019}") {
            variants.append(("straight apostrophes", example.replacingAll("\u{2019}", with: "'")))
        }
        let withoutApostrophe = example.replacingAll("n't", with: "nt").replacingAll("n\u{2019}t", with: "nt")
        if withoutApostrophe != example { variants.append(("no apostrophe", withoutApostrophe)) }
        variants.append(("all caps", example.uppercased()))
        variants.append(("all lowercase", example.lowercased()))
        variants.append(("trailing emoji", example + " \u{1F614}"))
        variants.append(("extra spaces", "  " + example.replacingAll(" ", with: "   ") + "  "))
        let ended = example.last.map { ".!?".contains($0) } ?? false
        variants.append(
            (
                "inside a longer message",
                "Can I tell you something? " + example + (ended ? "" : ".") + " Anyway, that is where things are."
            ))
        return variants
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

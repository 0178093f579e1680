import Foundation

/// Reads what tests need out of an HTML page (`haven rules report`, or Chromium's DOM of it):
/// tables by id, headings, and text with the tags stripped and entities decoded.
public struct HTMLPage: Sendable {
    public let html: String

    public init(_ html: String) {
        self.html = html
    }

    /// The rows of the table with `id`, each a list of its cells' text (`th` and `td`), header first;
    /// nil when there is no such table.
    public func table(_ id: String) -> [[String]]? {
        guard let table = Self.first(#"<table[^>]*\bid="\#(id)"[^>]*>(.*?)</table>"#, in: html) else { return nil }
        return Self.all(#"<tr[^>]*>(.*?)</tr>"#, in: table).map { row in
            Self.all(#"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>"#, in: row).map(Self.text)
        }
    }

    /// The row of table `id` whose first cell is `first`.
    public func row(_ id: String, _ first: String) -> [String]? {
        table(id)?.first { $0.first == first }
    }

    /// The text of every `h1`…`h4`, in order.
    public var headings: [String] { Self.all(#"<h[1-4][^>]*>(.*?)</h[1-4]>"#, in: html).map(Self.text) }

    /// The inner HTML of the element with `id` (up to its first closing tag of the same name).
    public func element(_ id: String) -> String? {
        Self.first(#"<([a-z0-9]+)[^>]*\bid="\#(id)"[^>]*>(.*?)</\1>"#, in: html, group: 2)
    }

    /// The inner HTML of every `<mark>`, as text.
    public var marked: [String] { Self.all(#"<mark>(.*?)</mark>"#, in: html).map(Self.text) }

    /// `fragment` with every tag a space (so cells and paragraphs do not run together), with the five standard entities and numeric ones decoded, spaces collapsed.
    public static func text(_ fragment: String) -> String {
        var text = fragment.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        text = text.replacingOccurrences(of: "&amp;", with: "&")
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func first(_ pattern: String, in text: String, group: Int = 1) -> String? {
        matches(pattern, in: text, group: group).first
    }

    private static func all(_ pattern: String, in text: String) -> [String] { matches(pattern, in: text, group: 1) }

    private static func matches(_ pattern: String, in text: String, group: Int) -> [String] {
        guard
            let regex = try? NSRegularExpression(
                pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive])
        else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: group), in: text).map { String(text[$0]) }
        }
    }
}

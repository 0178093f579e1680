import Foundation

/// SQL `LIKE` patterns built from stored keys, for the SQLite and PostgreSQL stores alike.
///
/// Person keys and adapter names may hold `%`, `_` or `\`; escaped, they match only themselves
/// (the statements say `ESCAPE '\'`), so forgetting `a_b` never forgets `axb`.
public enum LikePattern {
    /// `text` with `\`, `%` and `_` escaped by a backslash.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

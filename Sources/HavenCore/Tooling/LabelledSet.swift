/// Messages labelled by hand with the categories they show, for measuring the rules (`haven rules eval`).
///
/// The format is one message per line, `labels<TAB>message`: the labels are category ids
/// separated by commas, the primary one first, or `none` alone for a message that shows no
/// pattern. Lines starting with `#` and blank lines are skipped. Everything after the first
/// tab is the message, tabs included.
package struct LabelledSet: Sendable {
    /// One labelled message.
    package struct Message: Sendable, Equatable {
        /// 1-based line in the file, for pointing back at it.
        package let line: Int
        /// Category ids, primary first; empty for `none`.
        package let labels: [String]
        package let text: String
    }

    /// A line that could not be read, printed as `path:line: error: message`.
    ///
    /// The message never quotes the labelled text: a labelled set holds what people wrote.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        package let file: String
        package let line: Int
        package let message: String

        package var description: String { "\(file):\(line): error: \(message)" }
    }

    /// The label of a message that shows no pattern.
    package static let none = "none"

    package let messages: [Message]
    /// Every bad line; a set with problems should not be measured.
    package let problems: [Problem]

    /// Reads `text` (the contents of `file`); `categories` are the labels allowed besides `none`.
    package static func parse(_ text: String, file: String, categories: some Sequence<String>) -> LabelledSet {
        // "\r\n" is one Character in Swift: split at it as well as at "\n".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        return parse(lines: lines.map(String.init), file: file, categories: categories)
    }

    /// Reads `lines` (line 1 first, without their line ends; a trailing `\r` is dropped).
    package static func parse(lines: [String], file: String, categories: some Sequence<String>) -> LabelledSet {
        let known = Array(categories).filter { $0 != none }
        let allowed = Set(known)
        var messages: [Message] = []
        var problems: [Problem] = []
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
            if line.allSatisfy(\.isWhitespace) || line.drop(while: { $0 == " " }).hasPrefix("#") { continue }
            switch read(line, known: known, allowed: allowed) {
            case .success(let (labels, text)): messages.append(Message(line: index + 1, labels: labels, text: text))
            case .failure(let problem): problems.append(Problem(file: file, line: index + 1, message: problem.message))
            }
        }
        return LabelledSet(messages: messages, problems: problems)
    }

    private struct LineProblem: Error {
        let message: String
    }

    private static func read(_ line: String, known: [String], allowed: Set<String>) -> Result<
        ([String], String), LineProblem
    > {
        guard let tab = line.firstIndex(of: "\t") else {
            return .failure(LineProblem(message: "no tab between the labels and the message"))
        }
        let field = line[..<tab]
        let text = String(line[line.index(after: tab)...])
        if field.allSatisfy(\.isWhitespace) { return .failure(LineProblem(message: "no labels before the tab")) }
        var labels: [String] = []
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let label = part.trimmingSpaces
            if label.isEmpty { return .failure(LineProblem(message: "empty label in '\(field)'")) }
            // Words with spaces in the labels field are most likely the message itself: say so
            // without quoting it back.
            if label.contains(where: \.isWhitespace) || label.count > 40 {
                return .failure(
                    LineProblem(message: "labels are category ids separated by commas (are the columns swapped?)"))
            }
            guard label == none || allowed.contains(label) else {
                let hint =
                    Suggestion.closest(to: label, in: known + [none]).map { "did you mean '\($0)'?" }
                    ?? "labels: \((known + [none]).joined(separator: ", "))"
                return .failure(LineProblem(message: "unknown label '\(label)' (\(hint))"))
            }
            // A label given twice is harmless: keep the first.
            if !labels.contains(label) { labels.append(label) }
        }
        if labels.contains(none) {
            guard labels.count == 1 else {
                return .failure(LineProblem(message: "'none' cannot be combined with other labels"))
            }
            labels = []
        }
        if text.allSatisfy(\.isWhitespace) { return .failure(LineProblem(message: "empty message")) }
        return .success((labels, text))
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

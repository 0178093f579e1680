import Foundation

extension TestRules {
    /// ``baseDialogue`` with some sentences reworded: `sentences` maps a key of the file (`help`,
    /// `first_contact`, `closing_questions`…) to its new value. A value on one line is written quoted;
    /// one with line breaks is written as is below the key (for lists).
    public static func dialogue(_ sentences: [String: String]) -> String {
        var lines = baseDialogue.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (key, value) in sentences {
            guard let index = lines.firstIndex(where: { $0.drop { $0 == " " }.hasPrefix(key + ":") }) else { continue }
            let indent = lines[index].prefix { $0 == " " }.count
            // The key's own lines: a folded value or a list goes on more deeply indented lines.
            var end = index + 1
            while end < lines.count, !lines[end].isEmpty, lines[end].prefix(while: { $0 == " " }).count > indent {
                end += 1
            }
            let head = String(repeating: " ", count: indent) + key + ":"
            let quoted = " '" + value.replacingOccurrences(of: "'", with: "''") + "'"
            let written =
                value.contains("\n") ? [head] + value.split(separator: "\n").map(String.init) : [head + quoted]
            lines.replaceSubrange(index..<end, with: written)
        }
        return lines.joined(separator: "\n")
    }

    /// Where `needle` first starts in `text`, as `line:column` (1-based, as lint prints it); "?" when absent.
    public static func position(of needle: String, in text: String) -> String {
        guard let range = text.range(of: needle) else { return "?" }
        let before = text[..<range.lowerBound]
        let line = before.count { $0 == "\n" } + 1
        let column =
            before.distance(
                from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                to: before.endIndex) + 1
        return "\(line):\(column)"
    }

    /// A dialogue whose sentences tests look for, each reworded from the shipped one: first contact,
    /// `/help`, `/stop`, the closing question of `haven check`, "nothing to mark", the TCP greeting,
    /// overlong-line error and goodbye, the chat hint and the encrypted-room notice.
    public static let editedDialogue = dialogue([
        "first_contact": "Welcome: Haven here, a practice companion (type {prefix}help).",
        "help": "Try {prefix}topics or {prefix}stop; that is all there is.",
        "stop": "Paused. {prefix}start brings me back.",
        "closing_questions": "      - text: What do you want them to feel when they read it?\n        section: listen",
        "nothing_marked": "All clear: nothing here reads as an attack.",
        "greeting": "hello from the edited rules",
        "line_too_long": "keep it under {limit} bytes, please",
        "quit": "see you soon",
        "hint": "Edited hint: type away.",
        "encrypted_room": "Edited notice: this room is encrypted, so I am off.",
    ])
}

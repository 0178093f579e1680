import HavenCore

/// Tells a mistyped command from a message.
///
/// `reflect` is the default command, so any first word that is not a command is taken as the
/// start of a message: `haven serv` used to reflect on "serv". A first word counts as a typo
/// only when it is one edit (or one swap of neighbouring letters) from a command, and it
/// stands alone or a subcommand of that command follows it; "what do you think" is one
/// letter from "chat", but it is a message.
enum MistypedCommand {
    /// Every command, with its subcommands.
    static let commands: [(name: String, subcommands: [String])] = [
        ("reflect", []), ("check", []), ("chat", []), ("serve", []),
        ("rules", ["lint", "test", "explain", "impact", "eval", "report"]), ("matrix", ["registration"]),
    ]

    /// The command the arguments most likely meant ("rules lint" for `rule lint`), or nil for a message.
    static func suggestion(for arguments: [String]) -> String? {
        guard let first = arguments.first?.lowercased(), first.count >= 3, !first.contains(where: \.isWhitespace) else {
            return nil
        }
        for command in commands where isTypo(first, of: command.name) {
            if arguments.count == 1 { return command.name }
            let second = arguments[1].lowercased()
            if let subcommand = command.subcommands.first(where: { $0 == second || isTypo(second, of: $0) }) {
                return command.name + " " + subcommand
            }
        }
        return nil
    }

    static func isTypo(_ word: String, of command: String) -> Bool {
        guard word != command else { return false }
        if Suggestion.editDistance(word, command) <= 1 { return true }
        // One swap of neighbouring letters ("chta") is two edits, but one slip of the fingers.
        let typed = Array(word)
        let meant = Array(command)
        guard typed.count == meant.count else { return false }
        let differing = typed.indices.filter { typed[$0] != meant[$0] }
        return differing.count == 2 && differing[1] == differing[0] + 1
            && typed[differing[0]] == meant[differing[1]] && typed[differing[1]] == meant[differing[0]]
    }
}

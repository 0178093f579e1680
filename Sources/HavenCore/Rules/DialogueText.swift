/// Every sentence Haven says that is not a reflection: the first-contact note, the command
/// replies, the adapters' notices and the wording of `haven check`, read from `dialogue.yaml`
/// so therapists can word them (see `Prompts/README.md`).
///
/// Each sentence may use only its own named placeholders (``Sentence/placeholders``), filled
/// when it is said; `rules lint` reports any other.
package struct DialogueText: Sendable, Equatable {
    /// One sentence of `dialogue.yaml`, by its path in the file (`commands.help` is `help:` under `commands:`).
    package enum Sentence: String, CaseIterable, Sendable {
        case firstContact = "first_contact"
        case memory
        case help = "commands.help"
        case topics = "commands.topics"
        case tip = "commands.tip"
        case tipMissing = "commands.tip_missing"
        case tipUnknown = "commands.tip_unknown"
        case tipSimilar = "commands.tip_similar"
        case reset = "commands.reset"
        case forget = "commands.forget"
        case stop = "commands.stop"
        case start = "commands.start"
        case unknownCommand = "commands.unknown"
        case tcpGreeting = "tcp.greeting"
        case tcpLineTooLong = "tcp.line_too_long"
        case tcpInvalidUTF8 = "tcp.invalid_utf8"
        case tcpBusy = "tcp.busy"
        case tcpUnavailable = "tcp.unavailable"
        case tcpIdle = "tcp.idle"
        case tcpQuit = "tcp.quit"
        case tcpShuttingDown = "tcp.shutting_down"
        case encryptedRoom = "matrix.encrypted_room"
        case chatHint = "chat.hint"
        case nothingMarked = "check.nothing_marked"
        case marked = "check.marked"
        case worthKeeping = "check.worth_keeping"

        /// The placeholders this sentence may use.
        package var placeholders: [String] {
            switch self {
            case .firstContact, .help, .tipMissing, .stop: ["prefix"]
            case .memory: ["title"]
            case .topics: ["topics", "topic", "prefix"]
            case .tip: ["title", "tip"]
            case .tipUnknown: ["topic", "prefix"]
            case .tipSimilar: ["topic", "suggestion", "prefix"]
            case .unknownCommand: ["command", "prefix"]
            case .tcpLineTooLong, .tcpBusy: ["limit"]
            case .tcpIdle: ["seconds"]
            case .marked: ["passage", "category", "note"]
            case .worthKeeping: ["passage", "note"]
            case .reset, .forget, .start, .tcpGreeting, .tcpInvalidUTF8, .tcpUnavailable, .tcpQuit, .tcpShuttingDown,
                .encryptedRoom,
                .chatHint, .nothingMarked:
                []
            }
        }

        /// The mapping it is written in (`commands`), or nil at the top of `dialogue:`.
        var group: String? { rawValue.firstIndex(of: ".").map { String(rawValue[..<$0]) } }
        /// Its key inside that mapping.
        var key: String {
            rawValue.firstIndex(of: ".").map { String(rawValue[rawValue.index(after: $0)...]) } ?? rawValue
        }
    }

    /// The sentences as written (on one line), by sentence.
    var sentences: [Sentence: String] = [:]
    /// The questions that end `haven check`, one chosen per message (`check.closing_questions`).
    package internal(set) var closingQuestions: [Prompt] = []

    /// The sentence with its placeholders filled from `values`, in one pass, so a value (a person's
    /// `/tip {prefix}`) is never read as a placeholder itself. Placeholders without a value stay as written.
    package func text(_ sentence: Sentence, _ values: KeyValuePairs<String, String> = [:]) -> String {
        let template = sentences[sentence] ?? ""
        guard !values.isEmpty, template.contains("{") else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            result += rest[..<open]
            if let value = values.first(where: { $0.key == name })?.value {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

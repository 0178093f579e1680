import Yams

/// The composed `dialogue.yaml`: kept from the first pass (which only sorts the files by kind)
/// until the topics are known, so closing questions can name them.
struct DialogueDocument {
    var file: String
    var root: Node
}

/// Reading `dialogue.yaml`: every ``DialogueText/Sentence`` present, once, with only its own
/// placeholders; the closing questions of `haven check`, each naming a topic.
extension RuleLoader {
    /// The key of the closing questions, beside the sentences of `check:`.
    static let closingQuestionsKey = "closing_questions"

    /// Reads the dialogue file; a missing file is an error, as for `safety.yaml`: Haven ships its
    /// rule folder, and a reply with no words would be worse than refusing to start.
    static func readDialogue(_ document: DialogueDocument?, topics: Set<String>, diagnostics: inout [Diagnostic])
        -> DialogueText
    {
        var result = DialogueText()
        guard let document else {
            let message =
                "no dialogue file: add one with 'dialogue:' and the sentences Haven says (see Prompts/dialogue.yaml)"
            diagnostics.append(Diagnostic(.error, .missingFile, message, at: nil))
            return result
        }
        var reader = YAMLReader(file: document.file)
        defer { diagnostics += reader.diagnostics }
        guard
            let map = reader.mapping(
                document.root, "the dialogue file", allowed: ["version", "description", "dialogue"],
                required: ["dialogue"]),
            let node = map["dialogue"]
        else { return result }
        if let version = map["version"] { _ = reader.integer(version, "'version'", in: 1...1) }

        let sentences = DialogueText.Sentence.allCases
        var groups: [String] = []
        for group in sentences.compactMap(\.group) where !groups.contains(group) { groups.append(group) }
        let topKeys = sentences.filter { $0.group == nil }.map(\.key) + groups
        guard let top = reader.mapping(node, "'dialogue'", allowed: topKeys, required: topKeys) else { return result }
        var mappings: [String: [String: Node]] = ["": top]
        for group in groups {
            guard let groupNode = top[group] else { continue }
            var keys = sentences.filter { $0.group == group }.map(\.key)
            if group == "check" { keys.append(closingQuestionsKey) }
            mappings[group] = reader.mapping(groupNode, "'\(group)'", allowed: keys, required: keys)
        }
        for sentence in sentences {
            guard let text = reader.string(mappings[sentence.group ?? ""]?[sentence.key], "'\(sentence.key)'") else {
                continue
            }
            let allowed = sentence.placeholders
            for name in placeholderNames(in: text.value) where !allowed.contains(name) {
                let takes = allowed.isEmpty ? "none" : allowed.map { "{\($0)}" }.joined(separator: ", ")
                let known = "; '\(sentence.key)' takes \(takes)"
                reader.error(
                    .unknownPlaceholder,
                    "unknown placeholder '{\(name)}'\(Suggestion.hint(for: name, in: allowed))\(known)",
                    at: text.location)
            }
            result.sentences[sentence] = text.value.oneLine
        }
        if let questions = mappings["check"]?[closingQuestionsKey] {
            result.closingQuestions = closingQuestions(questions, topics: topics, &reader)
        }
        return result
    }

    /// The closing questions of `haven check`: like prompts (a `text` and a `section`), without placeholders.
    private static func closingQuestions(_ node: Node, topics: Set<String>, _ reader: inout YAMLReader) -> [Prompt] {
        var result: [Prompt] = []
        for item in reader.items(node, "'\(closingQuestionsKey)'") {
            guard
                let fields = reader.mapping(
                    item, "a closing question", allowed: ["text", "section"], required: ["text", "section"]),
                let text = reader.string(fields["text"], "a closing question's text"),
                let section = reader.string(fields["section"], "a closing question's section")
            else { continue }
            for name in placeholderNames(in: text.value) {
                reader.error(
                    .unknownPlaceholder, "unknown placeholder '{\(name)}'; a closing question takes none",
                    at: text.location)
            }
            if !topics.contains(section.value) {
                reader.error(
                    .unknownSection,
                    "unknown section '\(section.value)'\(Suggestion.hint(for: section.value, in: topics))",
                    at: section.location)
            }
            result.append(
                Prompt(
                    id: "check.closing.\(result.count + 1)", text: text.value.oneLine, section: section.value,
                    placeholders: [],
                    stance: nil, location: text.location))
        }
        if result.isEmpty, node.sequence != nil {
            reader.error(.noPrompts, "'\(closingQuestionsKey)' needs at least one question", at: reader.location(node))
        }
        return result
    }
}

import Yams

/// Reading what `haven check` needs from the category files: `antidotes:` (per category and
/// per rule), `check_examples:`, and each rule's `note:` and `stance:`.
///
/// A second, small pass over the category files the first pass composed (not read or composed
/// again), after the model is validated, so the matching compiler stays as it is. It reports only
/// problems of these keys: everything else was reported by the first pass.
extension RuleLoader {
    static func readCheckRules(
        _ documents: [CategoryDocument], for ruleSet: ValidatedRules, diagnostics: inout [Diagnostic]
    ) -> CheckRules {
        var result = CheckRules()
        let topicIDs = Set(ruleSet.topics.map(\.id))
        let categoryIDs = Set(ruleSet.categories.map(\.id))
        var rulesByID: [String: Rule] = [:]
        for rule in ruleSet.rules { rulesByID[rule.id] = rule }
        for document in documents {
            var reader = YAMLReader(file: document.location.file)
            guard let map = document.root.mapping, let category = map["category"]?.string,
                let categoryIndex = ruleSet.categories.firstIndex(where: { $0.id == category })
            else { continue }
            let ruleIndices = ruleSet.categories[categoryIndex].ruleIndices
            let categoryCaptures = Set(
                ruleIndices.flatMap { ruleSet.rules[$0].regex?.groupNames.keys.map { $0 } ?? [] })
            result.categoryAntidotes[category] = antidotes(
                map["antidotes"], owner: category, captures: categoryCaptures, topics: topicIDs, &reader)
            for item in map["rules"]?.sequence ?? [] {
                guard let fields = item.mapping, let id = fields["id"]?.string, let rule = rulesByID[id] else {
                    continue
                }
                if let note = fields["note"]?.string { result.notes[id] = note.oneLine }
                if let stance = reader.choice(fields["stance"], "'stance'", among: Stance.allCases.map(\.rawValue)) {
                    result.stanceOverrides[id] = Stance(rawValue: stance)
                }
                let captures = Set(rule.regex?.groupNames.keys.map { $0 } ?? [])
                result.ruleAntidotes[id] = antidotes(
                    fields["antidotes"], owner: id, captures: captures, topics: topicIDs, &reader)
            }
            for item in reader.items(map["check_examples"], "'check_examples'") {
                guard
                    let fields = reader.mapping(
                        item, "a check example", allowed: ["text", "marks"], required: ["text"]),
                    let text = reader.string(fields["text"], "a check example's text")
                else { continue }
                let marks = reader.strings(fields["marks"], "a category")
                for mark in marks where !categoryIDs.contains(mark.value) {
                    reader.error(
                        .unknownCategory,
                        "unknown category '\(mark.value)'\(Suggestion.hint(for: mark.value, in: categoryIDs))",
                        at: mark.location)
                }
                result.examples.append(CheckExample(categoryID: category, text: text, marks: marks.map(\.value)))
            }
            diagnostics += reader.diagnostics
        }
        return result
    }

    /// An `antidotes:` list, checked like prompts: every placeholder known, the section a topic.
    private static func antidotes(
        _ node: Node?, owner: String, captures: Set<String>, topics: Set<String>, _ reader: inout YAMLReader
    ) -> [Antidote] {
        var result: [Antidote] = []
        let allowed = captures.union(CheckRules.placeholders)
        for item in reader.items(node, "'antidotes'") {
            guard
                let fields = reader.mapping(
                    item, "an antidote", allowed: ["text", "section"], required: ["text", "section"]),
                let text = reader.string(fields["text"], "an antidote's text"),
                let section = reader.string(fields["section"], "an antidote's section")
            else { continue }
            let used = placeholderNames(in: text.value)
            for name in used where !allowed.contains(name) {
                reader.error(
                    .unknownPlaceholder,
                    "placeholder '{\(name)}' names no capture\(Suggestion.hint(for: name, in: allowed))",
                    at: text.location)
            }
            if !topics.contains(section.value) {
                reader.error(
                    .unknownSection,
                    "unknown section '\(section.value)'\(Suggestion.hint(for: section.value, in: topics))",
                    at: section.location)
            }
            result.append(
                Antidote(
                    id: "\(owner).antidote.\(result.count + 1)", text: text.value.oneLine, section: section.value,
                    placeholders: used, location: text.location))
        }
        return result
    }

    /// The names between braces in a template, in order: for prompts and antidotes alike.
    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

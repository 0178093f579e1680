import Yams

/// What one rule file says, before compilation: every value keeps its position.
enum RuleDocument {
    case category(CategoryDocument)
    case lexicon(LexiconDocument)
    case fallback([PromptDocument])
    case safety(SafetyDocument)
    case topics([TopicDocument])
    case dialogue(DialogueDocument)
}

/// Not `Sendable`: it keeps the composed YAML, which lives only while one load runs.
struct CategoryDocument {
    var id: Located<String>
    var title: String
    var priority: Int
    var sections: [Located<String>]
    var rules: [RuleEntry]
    var guards: [GuardEntry]
    var prompts: [PromptDocument]
    var followUps: [PromptDocument]
    var mustMatch: [Located<String>]
    var mustNotMatch: [Located<String>]
    var location: SourceLocation
    /// Where the `rules` list and the `examples` mapping are written (the file's start when absent).
    var rulesLocation: SourceLocation
    var examplesLocation: SourceLocation
    /// The composed file, for the keys only `haven check` reads (``RuleLoader/readCheckRules``):
    /// kept so the file is not composed a second time.
    var root: Node
}

struct RuleEntry: Sendable {
    var id: Located<String>
    var phrases: [Located<String>]
    var regex: Located<String>?
    var anchors: [Located<String>]
    var weight: Double
    var examples: [Located<String>]
    /// Messages this rule must not fire on (its `no_match` list).
    var counterExamples: [Located<String>]
    var location: SourceLocation
}

struct GuardEntry: Sendable {
    var id: Located<String>
    var phrases: [Located<String>]
    var scope: Guard.Scope
    var effect: Guard.Effect
    var why: String
    var location: SourceLocation
}

struct PromptDocument: Sendable {
    var text: Located<String>
    var section: Located<String>
    /// A category prompt's `stance:`; nil for any message.
    var stance: Stance?
}

struct LexiconDocument: Sendable {
    var sets: [(name: Located<String>, phrases: [Located<String>])]
    var substitutions: [(from: Located<String>, to: String)]
    var guards: [GuardEntry]
}

struct SafetyDocument: Sendable {
    var response: Located<String>
    var resources: Located<String>
    var sections: [Located<String>]
}

struct TopicDocument: Sendable {
    var id: Located<String>
    var title: String
    var summary: String
    var tips: [Located<String>]
}

// MARK: - Reading

extension RuleDocument {
    static let categoryKeys = [
        "version", "category", "title", "description", "priority", "sections", "rules", "guards", "prompts",
        "follow_ups", "examples", "antidotes", "check_examples",
    ]

    /// Parses one rule file. Diagnostics go to `diagnostics`; the result is nil when the file is unusable.
    static func parse(file: String, text: String, diagnostics: inout [Diagnostic]) -> RuleDocument? {
        var reader = YAMLReader(file: file)
        defer { diagnostics += reader.diagnostics }
        guard let root = reader.compose(text) else { return nil }
        guard let keys = root.mapping?.keys.compactMap(\.string) else {
            reader.error(.wrongType, "a rule file must be a mapping of 'key: value' lines", at: reader.location(root))
            return nil
        }
        let kinds = ["category", "sets", "substitutions", "fallback", "safety", "topics", "dialogue"]
        guard keys.contains(where: kinds.contains) else {
            reader.error(
                .unknownFileKind,
                "a rule file needs one of the keys \(kinds.map { "'\($0)'" }.joined(separator: ", "))",
                at: reader.location(root))
            return nil
        }
        if keys.contains("category") { return parseCategory(root, &reader).map(RuleDocument.category) }
        if keys.contains("sets") || keys.contains("substitutions") {
            return parseLexicon(root, &reader).map(RuleDocument.lexicon)
        }
        if keys.contains("dialogue") { return .dialogue(DialogueDocument(file: file, root: root)) }
        if keys.contains("fallback") {
            guard let map = reader.mapping(root, "the fallback file", allowed: ["version", "description", "fallback"]),
                let fallback = map["fallback"],
                let inner = reader.mapping(fallback, "'fallback'", allowed: ["prompts"], required: ["prompts"])
            else { return nil }
            checkVersion(map["version"], &reader)
            return .fallback(parsePrompts(inner["prompts"], &reader))
        }
        if keys.contains("safety") {
            guard let map = reader.mapping(root, "the safety file", allowed: ["version", "description", "safety"]),
                let safety = map["safety"],
                let inner = reader.mapping(
                    safety, "'safety'", allowed: ["response", "resources", "sections"],
                    required: ["response", "resources"]),
                let response = reader.string(inner["response"], "the safety response"),
                let resources = reader.string(inner["resources"], "the safety resources")
            else { return nil }
            checkVersion(map["version"], &reader)
            return .safety(
                SafetyDocument(
                    response: response, resources: resources, sections: reader.strings(inner["sections"], "a section")))
        }
        guard let map = reader.mapping(root, "the topics file", allowed: ["version", "description", "topics"]) else {
            return nil
        }
        checkVersion(map["version"], &reader)
        var topics: [TopicDocument] = []
        for item in reader.items(map["topics"], "'topics'") {
            guard
                let fields = reader.mapping(
                    item, "a topic", allowed: ["id", "title", "summary", "tips"], required: ["id", "title", "tips"]),
                let id = reader.string(fields["id"], "a topic id"),
                let title = reader.string(fields["title"], "a topic title")
            else { continue }
            let summary = reader.string(fields["summary"], "a topic summary")?.value ?? ""
            topics.append(
                TopicDocument(
                    id: id, title: title.value, summary: summary, tips: reader.strings(fields["tips"], "a tip")))
        }
        return .topics(topics)
    }

    private static func checkVersion(_ node: Node?, _ reader: inout YAMLReader) {
        guard let node else { return }
        _ = reader.integer(node, "'version'", in: 1...1)
    }

    private static func parseCategory(_ root: Node, _ reader: inout YAMLReader) -> CategoryDocument? {
        guard
            let map = reader.mapping(
                root, "a category file", allowed: categoryKeys, required: ["category", "title", "rules"]),
            let id = reader.string(map["category"], "the category id")
        else { return nil }
        checkVersion(map["version"], &reader)
        let title = reader.string(map["title"], "the title")?.value ?? id.value
        let priority = reader.integer(map["priority"], "'priority'", in: 0...100) ?? 50
        var rules: [RuleEntry] = []
        for item in reader.items(map["rules"], "'rules'") {
            guard
                let fields = reader.mapping(
                    item, "a rule",
                    allowed: [
                        "id", "phrases", "regex", "anchor", "weight", "examples", "no_match", "note", "stance",
                        "antidotes",
                    ], required: ["id"]),
                let ruleID = reader.string(fields["id"], "a rule id")
            else { continue }
            let phrases = reader.strings(fields["phrases"], "a phrase")
            let regex = reader.string(fields["regex"], "a regex")
            if phrases.isEmpty && regex == nil {
                reader.error(
                    .ruleWithoutPhrases, "rule '\(ruleID.value)' needs 'phrases' or 'regex'", at: reader.location(item))
            }
            rules.append(
                RuleEntry(
                    id: ruleID, phrases: phrases, regex: regex, anchors: reader.strings(fields["anchor"], "an anchor"),
                    weight: reader.number(fields["weight"], "'weight'", in: 0.05...1) ?? 0.8,
                    examples: reader.strings(fields["examples"], "an example"),
                    counterExamples: reader.strings(fields["no_match"], "an example"), location: reader.location(item)))
        }
        var mustMatch: [Located<String>] = []
        var mustNotMatch: [Located<String>] = []
        if let examples = map["examples"],
            let fields = reader.mapping(examples, "'examples'", allowed: ["match", "no_match"])
        {
            mustMatch = reader.strings(fields["match"], "an example")
            mustNotMatch = reader.strings(fields["no_match"], "an example")
        }
        return CategoryDocument(
            id: id, title: title, priority: priority, sections: reader.strings(map["sections"], "a section"),
            rules: rules,
            guards: parseGuards(map["guards"], &reader), prompts: parsePrompts(map["prompts"], &reader, stance: true),
            followUps: parsePrompts(map["follow_ups"], &reader), mustMatch: mustMatch, mustNotMatch: mustNotMatch,
            location: reader.location(root), rulesLocation: reader.location(map["rules"] ?? root),
            examplesLocation: reader.location(map["examples"] ?? root), root: root)
    }

    private static func parseLexicon(_ root: Node, _ reader: inout YAMLReader) -> LexiconDocument? {
        guard
            let map = reader.mapping(
                root, "the lexicon file", allowed: ["version", "description", "sets", "substitutions", "guards"])
        else {
            return nil
        }
        checkVersion(map["version"], &reader)
        var sets: [(Located<String>, [Located<String>])] = []
        if let node = map["sets"] {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    guard let name = reader.string(key, "a set name") else { continue }
                    sets.append((name, reader.strings(value, "a set member")))
                }
            } else {
                reader.error(.wrongType, "'sets' must be a mapping of 'name: [phrases]'", at: reader.location(node))
            }
        }
        var substitutions: [(Located<String>, String)] = []
        if let node = map["substitutions"] {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    guard let from = reader.string(key, "a substitution"),
                        let to = reader.string(value, "a substitution")
                    else { continue }
                    substitutions.append((from, to.value))
                }
            } else {
                reader.error(
                    .wrongType, "'substitutions' must be a mapping of 'word: replacement'", at: reader.location(node))
            }
        }
        return LexiconDocument(sets: sets, substitutions: substitutions, guards: parseGuards(map["guards"], &reader))
    }

    private static func parseGuards(_ node: Node?, _ reader: inout YAMLReader) -> [GuardEntry] {
        var guards: [GuardEntry] = []
        for item in reader.items(node, "'guards'") {
            guard
                let fields = reader.mapping(
                    item, "a guard", allowed: ["id", "phrases", "scope", "window", "effect", "why"],
                    required: ["id", "phrases"]),
                let id = reader.string(fields["id"], "a guard id")
            else { continue }
            let window = reader.integer(fields["window"], "'window'", in: 0...40) ?? 6
            let kind = reader.choice(fields["scope"], "'scope'", among: Guard.Scope.Kind.allCases.map(\.rawValue))
                .flatMap(Guard.Scope.Kind.init(rawValue:))
            let scope = Guard.Scope(kind ?? .before, window: window)
            let effect =
                reader.choice(fields["effect"], "'effect'", among: Guard.Effect.allCases.map(\.rawValue)).flatMap(
                    Guard.Effect.init(rawValue:)) ?? .suppress
            guards.append(
                GuardEntry(
                    id: id, phrases: reader.strings(fields["phrases"], "a guard phrase"), scope: scope, effect: effect,
                    why: reader.string(fields["why"], "'why'")?.value ?? "", location: reader.location(item)))
        }
        return guards
    }

    /// `stance`: whether a prompt may say which messages it is for (a category's prompts; not
    /// follow-ups or fallback prompts, which answer no pattern).
    private static func parsePrompts(_ node: Node?, _ reader: inout YAMLReader, stance: Bool = false)
        -> [PromptDocument]
    {
        var prompts: [PromptDocument] = []
        for item in reader.items(node, "'prompts'") {
            guard
                let fields = reader.mapping(
                    item, stance ? "a prompt" : "a follow-up or fallback prompt",
                    allowed: ["text", "section"] + (stance ? ["stance"] : []),
                    required: ["text", "section"]),
                let text = reader.string(fields["text"], "a prompt's text"),
                let section = reader.string(fields["section"], "a prompt's section")
            else { continue }
            let chosen = reader.choice(fields["stance"], "'stance'", among: PromptChoice.stances.map(\.rawValue))
                .flatMap(Stance.init(rawValue:))
            prompts.append(PromptDocument(text: text, section: section, stance: chosen))
        }
        return prompts
    }
}

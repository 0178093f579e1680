/// Saving a compiled rule set and restoring it without parsing or compiling again.
///
/// A start of `haven reflect` spends most of its time parsing the YAML, expanding phrases and
/// building the automaton; a snapshot restores all of that with a few array copies. Snapshots
/// are a local cache: the caller keys them by the rule files and the program that wrote them.
extension RuleSet {
    /// The snapshot layout's version; bump it when the layout changes.
    static let snapshotVersion = 12

    /// The compiled set as bytes for ``init(snapshot:)``.
    public func snapshot() -> [UInt8] {
        var writer = SnapshotWriter()
        writer.array(files) { $0.interned($1) }
        writer.array(normalizer.substitutions.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value)
        }
        writer.array(topics) { writer, topic in
            writer.string(topic.id)
            writer.string(topic.title)
            writer.string(topic.summary)
            writer.array(topic.tips) { $0.string($1) }
        }
        writer.array(categories) { writer, category in
            writer.string(category.id)
            writer.string(category.title)
            writer.int(category.priority)
            writer.array(category.sections) { $0.string($1) }
            writer.array(category.prompts, Self.writePrompt)
            writer.array(category.followUps, Self.writePrompt)
            writer.array(category.ruleIndices) { $0.int($1) }
            writer.array(category.guardIndices) { $0.int($1) }
            writer.array(category.mustMatch, Self.writeLocated)
            writer.array(category.mustNotMatch, Self.writeLocated)
            Self.writeLocation(&writer, category.location)
        }
        writer.array(rules) { writer, rule in
            writer.string(rule.id)
            writer.int(rule.categoryIndex)
            writer.double(rule.weight)
            writer.array(rule.phrases, Self.writeLocated)
            writer.optional(rule.regexSource, Self.writeLocated)
            writer.array(rule.examples, Self.writeLocated)
            writer.array(rule.counterExamples, Self.writeLocated)
            Self.writeLocation(&writer, rule.location)
        }
        writer.array(guards) { writer, guardRule in
            writer.string(guardRule.id)
            writer.optional(guardRule.categoryIndex) { $0.int($1) }
            switch guardRule.scope {
            case .before(let window): writer.int(0); writer.int(window)
            case .after(let window): writer.int(1); writer.int(window)
            case .clause: writer.int(2); writer.int(0)
            case .message: writer.int(3); writer.int(0)
            }
            writer.string(guardRule.effect.rawValue)
            writer.string(guardRule.why)
            writer.array(guardRule.phrases, Self.writeLocated)
            Self.writeLocation(&writer, guardRule.location)
        }
        writer.array(fallbackPrompts, Self.writePrompt)
        writer.string(safety.template)
        writer.string(safety.resources)
        writer.array(safety.sections) { $0.string($1) }
        phraseAutomaton.write(to: &writer)
        writer.raw(literalOwners.all.starts)
        writer.raw(literalOwners.all.values)
        anchorAutomaton.write(to: &writer)
        writer.raw(anchorOwners.all.starts)
        writer.raw(anchorOwners.all.values)
        // The authoring tables stay out: only the rule tools read them, and they compile afresh.
        writer.array(gapPhrases) { writer, phrase in
            switch phrase.owner {
            case .rule(let rule): writer.int(0); writer.int(rule)
            case .guardPhrase(let index): writer.int(1); writer.int(index)
            }
            writer.array(phrase.slots) { $0.int($1) }
            writer.array(phrase.gaps) { $0.int($1) }
            writer.int(phrase.trigger)
        }
        writer.optional(crisisIndex) { $0.int($1) }
        checkRules.write(to: &writer)
        return writer.finished(version: Self.snapshotVersion)
    }

    /// Restores a set from ``snapshot()`` (starting at byte `start`); nil when the bytes are damaged,
    /// from another layout version, or inconsistent (an index out of range, a regex that no
    /// longer compiles).
    public init?(snapshot bytes: [UInt8], from start: Int = 0) {
        guard var reader = SnapshotReader(bytes, from: start, version: Self.snapshotVersion) else { return nil }
        guard let files = reader.array({ $0.interned() }),
            let substitutionList = reader.array({ reader -> (String, String)? in
                guard let key = reader.string(), let value = reader.string() else { return nil }
                return (key, value)
            }),
            let topics = reader.array({ reader -> Topic? in
                guard let id = reader.string(), let title = reader.string(), let summary = reader.string(),
                    let tips = reader.array({ $0.string() })
                else { return nil }
                return Topic(id: id, title: title, summary: summary, tips: tips)
            }),
            let categories = reader.array({ reader -> Category? in
                guard let id = reader.string(), let title = reader.string(), let priority = reader.int(),
                    let sections = reader.array({ $0.string() }), let prompts = reader.array(Self.readPrompt),
                    let followUps = reader.array(Self.readPrompt), let ruleIndices = reader.array({ $0.count() }),
                    let guardIndices = reader.array({ $0.count() }), let mustMatch = reader.array(Self.readLocated),
                    let mustNotMatch = reader.array(Self.readLocated), let location = Self.readLocation(&reader)
                else { return nil }
                return Category(
                    id: id, title: title, priority: priority, sections: sections, prompts: prompts, followUps: followUps,
                    ruleIndices: ruleIndices, guardIndices: guardIndices, mustMatch: mustMatch, mustNotMatch: mustNotMatch, location: location)
            }),
            let rules = reader.array({ reader -> Rule? in
                guard let id = reader.string(), let categoryIndex = reader.count(), let weight = reader.double(),
                    let phrases = reader.array(Self.readLocated), let regexSource = reader.optional(Self.readLocated),
                    let examples = reader.array(Self.readLocated), let counterExamples = reader.array(Self.readLocated),
                    let location = Self.readLocation(&reader)
                else { return nil }
                var regex: LinearRegex?
                if let regexSource {
                    guard let compiled = try? LinearRegex(regexSource.value) else { return nil }
                    regex = compiled
                }
                return Rule(
                    id: id, categoryIndex: categoryIndex, weight: weight, phrases: phrases, regexSource: regexSource, examples: examples,
                    counterExamples: counterExamples, location: location, regex: regex)
            }),
            let guards = reader.array({ reader -> Guard? in
                guard let id = reader.string(), let categoryIndex = reader.optional({ $0.count() }), let scopeTag = reader.int(),
                    let window = reader.count(), let effect = reader.string().flatMap(Guard.Effect.init(rawValue:)),
                    let why = reader.string(), let phrases = reader.array(Self.readLocated), let location = Self.readLocation(&reader)
                else { return nil }
                let scope: Guard.Scope
                switch scopeTag {
                case 0: scope = .before(window: window)
                case 1: scope = .after(window: window)
                case 2: scope = .clause
                case 3: scope = .message
                default: return nil
                }
                return Guard(id: id, categoryIndex: categoryIndex, scope: scope, effect: effect, why: why, phrases: phrases, location: location)
            }),
            let fallbackPrompts = reader.array(Self.readPrompt),
            let template = reader.string(), let resources = reader.string(), let safetySections = reader.array({ $0.string() }),
            let phraseAutomaton = WordAutomaton(from: &reader),
            let ownerStarts = reader.raw(Int32.self), let ownerCodes = reader.raw(Int32.self),
            let literalOwners = LiteralOwners(restoring: ownerStarts, codes: ownerCodes),
            let anchorAutomaton = AhoCorasick<UInt8>(from: &reader, alphabetSize: 256),
            let anchorStarts = reader.raw(Int32.self), let anchorCodes = reader.raw(Int32.self),
            let anchorOwners = LiteralOwners(restoring: anchorStarts, codes: anchorCodes),
            let gapPhrases = reader.array({ reader -> GapPhrase? in
                guard let tag = reader.int(), let index = reader.count(), let slots = reader.array({ $0.count() }),
                    let gaps = reader.array({ $0.count() }), let trigger = reader.count(), trigger < slots.count
                else { return nil }
                switch tag {
                case 0: return GapPhrase(owner: .rule(index), slots: slots, gaps: gaps, trigger: trigger)
                case 1: return GapPhrase(owner: .guardPhrase(index), slots: slots, gaps: gaps, trigger: trigger)
                default: return nil
                }
            }),
            let crisisIndex = reader.optional({ $0.count() }),
            let checkRules = CheckRules(from: &reader),
            reader.isAtEnd
        else { return nil }

        // Cross-references, so a damaged or foreign snapshot cannot index out of range later.
        let slotCount = gapPhrases.reduce(0) { max($0, ($1.slots.max() ?? -1) + 1) }
        func ownerIsValid(_ owner: PatternOwner) -> Bool {
            switch owner {
            case .phrase(let rule), .anchor(let rule): rule < rules.count
            case .slot(let slot): slot < slotCount
            case .guardPhrase(let index): index < guards.count
            }
        }
        func isAnchor(_ code: Int32) -> Bool { if case .anchor = PatternOwner(code: Int(code)) { true } else { false } }
        guard phraseAutomaton.reportsPatterns(below: literalOwners.count),
            anchorAutomaton.reportsPatterns(below: anchorOwners.count),
            literalOwners.all.values.allSatisfy({ $0 >= 0 && !isAnchor($0) && ownerIsValid(PatternOwner(code: Int($0))) }),
            anchorOwners.all.values.allSatisfy({ $0 >= 0 && isAnchor($0) && ownerIsValid(PatternOwner(code: Int($0))) }),
            rules.allSatisfy({ $0.categoryIndex < categories.count }),
            guards.allSatisfy({ ($0.categoryIndex ?? 0) < max(categories.count, 1) }),
            categories.allSatisfy({ $0.ruleIndices.allSatisfy { $0 < rules.count } && $0.guardIndices.allSatisfy { $0 < guards.count } }),
            gapPhrases.allSatisfy({ phrase in
                let ownerValid: Bool
                switch phrase.owner {
                case .rule(let rule): ownerValid = rule < rules.count
                case .guardPhrase(let index): ownerValid = index < guards.count
                }
                return ownerValid && phrase.slots.allSatisfy { $0 < slotCount } && phrase.gaps.count == phrase.slots.count
            }),
            (crisisIndex ?? 0) < max(categories.count, 1)
        else { return nil }

        self.init(
            categories: categories, rules: rules, guards: guards, topics: topics, fallbackPrompts: fallbackPrompts,
            safety: SafetyResponse(template: template, resources: resources, sections: safetySections), files: files,
            normalizer: Normalizer(substitutions: Dictionary(substitutionList, uniquingKeysWith: { first, _ in first })),
            phraseAutomaton: phraseAutomaton, literalOwners: literalOwners, anchorAutomaton: anchorAutomaton, anchorOwners: anchorOwners,
            authoring: nil, gapPhrases: gapPhrases,
            chainTable: SlotChainTable(gapPhrases, owners: literalOwners), crisisIndex: crisisIndex, checkRules: checkRules)
    }

    // MARK: - Parts

    private static func writeLocation(_ writer: inout SnapshotWriter, _ location: SourceLocation) {
        writer.interned(location.file)
        writer.int(location.line)
        writer.int(location.column)
    }

    private static func readLocation(_ reader: inout SnapshotReader) -> SourceLocation? {
        guard let file = reader.interned(), let line = reader.int(), let column = reader.int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func writeLocated(_ writer: inout SnapshotWriter, _ value: Located<String>) {
        writer.string(value.value)
        writeLocation(&writer, value.location)
    }

    private static func readLocated(_ reader: inout SnapshotReader) -> Located<String>? {
        guard let value = reader.string(), let location = readLocation(&reader) else { return nil }
        return Located(value: value, location: location)
    }

    private static func writePrompt(_ writer: inout SnapshotWriter, _ prompt: Prompt) {
        writer.string(prompt.id)
        writer.string(prompt.text)
        writer.string(prompt.section)
        writer.array(prompt.placeholders) { $0.string($1) }
        writeLocation(&writer, prompt.location)
    }

    private static func readPrompt(_ reader: inout SnapshotReader) -> Prompt? {
        guard let id = reader.string(), let text = reader.string(), let section = reader.string(),
            let placeholders = reader.array({ $0.string() }), let location = readLocation(&reader)
        else { return nil }
        return Prompt(id: id, text: text, section: section, placeholders: placeholders, location: location)
    }
}

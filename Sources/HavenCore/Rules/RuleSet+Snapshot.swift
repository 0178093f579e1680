/// Saving a compiled rule set and restoring it without parsing or compiling again.
///
/// A start of `haven reflect` spends most of its time parsing the YAML, expanding phrases and
/// building the automaton; a snapshot restores all of that with a few array copies. Snapshots
/// are a local cache: the caller keys them by the rule files and the program that wrote them.
/// Each stored type writes and reads itself (``SnapshotCodable``, in its `+Snapshot.swift`);
/// this file puts them in order and checks the links between them.
extension RuleSet {
    /// The snapshot layout's version; bump it when the bytes any `+Snapshot.swift` writes change.
    static let snapshotVersion = 15

    /// The compiled set as bytes for ``init(snapshot:from:)``.
    package func snapshot() -> [UInt8] {
        var writer = SnapshotWriter()
        writer.array(files) { $0.interned($1) }
        writer.array(topics)
        writer.array(categories)
        writer.array(rules)
        writer.array(guards)
        writer.array(fallbackPrompts)
        writer.value(safety)
        writer.optional(crisisIndex) { $0.int($1) }
        writer.value(matcher)
        checkRules.write(to: &writer)
        writer.value(dialogue)
        return writer.finished(version: Self.snapshotVersion)
    }

    /// Restores a set from ``snapshot()`` (starting at byte `start`); nil when the bytes are damaged,
    /// from another layout version, or inconsistent (an index out of range, a regex that no
    /// longer compiles).
    package init?(snapshot bytes: [UInt8], from start: Int = 0) {
        guard var reader = SnapshotReader(bytes, from: start, version: Self.snapshotVersion),
            let files = reader.array({ $0.interned() }), let topics = reader.array(of: Topic.self),
            let categories = reader.array(of: Category.self), let rules = reader.array(of: Rule.self),
            let guards = reader.array(of: Guard.self), let fallbackPrompts = reader.array(of: Prompt.self),
            let safety = reader.value(SafetyResponse.self), let crisisIndex = reader.optional({ $0.count() }),
            let matcher = reader.value(Matcher.self), let checkRules = CheckRules(from: &reader),
            let dialogue = reader.value(DialogueText.self), reader.isAtEnd
        else { return nil }
        // Links between the tables, so a damaged or foreign snapshot cannot index out of range later.
        guard matcher.ownersAreValid(ruleCount: rules.count, guardCount: guards.count),
            rules.allSatisfy({ $0.categoryIndex < categories.count }),
            guards.allSatisfy({ ($0.categoryIndex ?? 0) < max(categories.count, 1) }),
            categories.allSatisfy({
                $0.ruleIndices.allSatisfy { $0 < rules.count } && $0.guardIndices.allSatisfy { $0 < guards.count }
            }),
            (crisisIndex ?? 0) < max(categories.count, 1)
        else { return nil }
        self.init(
            categories: categories, rules: rules, guards: guards, topics: topics, fallbackPrompts: fallbackPrompts,
            safety: safety,
            files: files, crisisIndex: crisisIndex, matcher: matcher, checkRules: checkRules, dialogue: dialogue)
    }
}

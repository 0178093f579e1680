/// Choosing and filling a reply.
extension RuleSet {
    /// The reply to an analysed message.
    ///
    /// - Parameters:
    ///   - analysis: the result of ``analyze(_:)-(String)``.
    ///   - used: prompt ids to avoid while others are left (a conversation's rotation).
    ///   - seed: picks among the eligible prompts; by default a hash of the message, so the
    ///     same message always gets the same reply.
    ///   - resources: replaces the safety response's default resources.
    public func reply(to analysis: Analysis, avoiding used: Set<String> = [], seed: UInt64? = nil, resources: String? = nil) -> Reply {
        let seed = seed ?? StableHash.fnv1a(analysis.text.bytes) >> 7
        guard let top = analysis.top else {
            let prompt = Self.pick(fallbackPrompts, avoiding: used, seed: seed)
            return Reply(text: prompt?.text ?? "", categoryID: nil, promptID: prompt?.id ?? "none", sections: titles([prompt?.section].compactMap { $0 }))
        }
        if top.categoryID == RuleSet.crisisID {
            return Reply(text: safety.text(resources: resources), categoryID: top.categoryID, promptID: "safety", sections: titles(safety.sections))
        }
        guard let category = category(top.categoryID), !top.evidence.isEmpty else {
            return Reply(text: "", categoryID: top.categoryID, promptID: "none", sections: [])
        }
        let available = availablePlaceholders(analysis.text, top.evidence)
        let fits = { (prompt: Prompt) in prompt.placeholders.allSatisfy(available.contains) }
        guard let prompt = Self.pick(category.prompts, avoiding: used, seed: seed, where: fits) else {
            return Reply(text: "", categoryID: top.categoryID, promptID: "none", sections: [])
        }
        var text = prompt.text
        if !prompt.placeholders.isEmpty {
            // Reflect only what the chosen prompt uses.
            let values = placeholderValues(analysis.text, top.evidence, only: prompt.placeholders)
            for name in prompt.placeholders {
                if let value = values[name] { text = text.replacingPlaceholder(name, with: value) }
            }
        }
        return Reply(text: text, categoryID: top.categoryID, promptID: prompt.id, sections: titles([prompt.section]))
    }

    /// Analyses a message and replies to it.
    public func respond(to message: String) -> (analysis: Analysis, reply: Reply) {
        let analysis = analyze(message)
        return (analysis, reply(to: analysis))
    }

    func titles(_ sectionIDs: [String]) -> [String] {
        sectionIDs.map { id in topic(id)?.title ?? id }
    }

    /// The placeholder names that have a value for this evidence.
    func availablePlaceholders(_ text: NormalizedText, _ evidence: [Evidence]) -> Set<String> {
        guard let first = evidence.first else { return [] }
        var names: Set<String> = ["match", "clause"]
        if first.tokens.upperBound < text.clauseRange(containing: first.tokens.lowerBound).upperBound { names.insert("rest") }
        for item in evidence { names.formUnion(item.captures.keys) }
        return names
    }

    /// The words a prompt can hand back, reflected: `match`, `clause`, `rest` and regex captures.
    func placeholderValues(_ text: NormalizedText, _ evidence: [Evidence], only wanted: [String]) -> [String: String] {
        guard let first = evidence.first else { return [:] }
        var values: [String: String] = [:]
        func wants(_ name: String) -> Bool { wanted.contains(name) }
        if wants("match") { values["match"] = Reflector.reflect(text, first.tokens) }
        let fullClause = text.clauseRange(containing: first.tokens.lowerBound)
        if wants("clause") {
            var clause = fullClause
            while clause.count > 1, Self.leadingFillers.contains(text.text(of: clause.lowerBound..<(clause.lowerBound + 1))) {
                clause = (clause.lowerBound + 1)..<clause.upperBound
            }
            if clause.count > Reflector.maxWords {
                let start = max(clause.lowerBound, min(first.tokens.lowerBound, clause.upperBound - Reflector.maxWords))
                clause = start..<min(clause.upperBound, start + Reflector.maxWords)
            }
            values["clause"] = Reflector.reflect(text, clause)
        }
        if wants("rest"), first.tokens.upperBound < fullClause.upperBound {
            values["rest"] = Reflector.reflect(text, first.tokens.upperBound..<fullClause.upperBound)
        }
        for item in evidence {
            for (name, range) in item.captures where values[name] == nil && wants(name) { values[name] = Reflector.reflect(text, range) }
        }
        return values
    }

    static let leadingFillers: Set<String> = ["and", "but", "so", "like", "honestly", "well", "ok", "okay", "also", "because", "cause"]

    /// Picks by `seed` among the prompts that fit, preferring those not in `used`.
    ///
    /// Works on positions, not copies: a batch run picks once per message.
    static func pick(_ prompts: [Prompt], avoiding used: Set<String>, seed: UInt64, where fits: (Prompt) -> Bool = { _ in true }) -> Prompt? {
        var eligible: [Int] = []
        var fresh: [Int] = []
        for index in prompts.indices where fits(prompts[index]) {
            eligible.append(index)
            if !used.isEmpty, !used.contains(prompts[index].id) { fresh.append(index) }
        }
        let pool = used.isEmpty || fresh.isEmpty ? eligible : fresh
        guard !pool.isEmpty else { return nil }
        return prompts[pool[Int(seed % UInt64(pool.count))]]
    }
}

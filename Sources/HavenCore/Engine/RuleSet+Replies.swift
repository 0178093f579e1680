/// Choosing and filling a reply.
///
/// A batch run replies once per message, so this path allocates only what the reply itself
/// holds: which placeholders a prompt can fill is answered per name, without building sets
/// or dictionaries, and each value is reflected only for the chosen prompt.
extension RuleSet {
    /// The reply to an analysed message.
    ///
    /// - Parameters:
    ///   - analysis: the result of ``analyze(_:)-(String)``.
    ///   - used: prompt ids to avoid while others are left (a conversation's rotation).
    ///   - seed: picks among the eligible prompts; by default a hash of the message, so the
    ///     same message always gets the same reply.
    ///   - resources: replaces the safety response's default resources.
    public func reply(
        to analysis: Analysis, avoiding used: Set<String> = [], seed: UInt64? = nil, resources: String? = nil
    ) -> Reply {
        let seed = seed ?? StableHash.fnv1a(analysis.text.bytes) >> 7
        guard let top = analysis.top else {
            let prompt = Self.pick(fallbackPrompts, avoiding: used, seed: seed).map { fallbackPrompts[$0] }
            return Reply(
                text: prompt?.text ?? "", categoryID: nil, promptID: prompt?.id ?? "none",
                sections: prompt.map { [title($0.section)] } ?? [])
        }
        if top.categoryID == RuleSet.crisisID {
            return Reply(
                text: safety.text(resources: resources), categoryID: top.categoryID, promptID: "safety",
                sections: titles(safety.sections))
        }
        // By position, not `category(_:)`: that copies the whole category, for its prompts alone.
        guard let categoryIndex = categories.firstIndex(where: { $0.id == top.categoryID }), !top.evidence.isEmpty
        else {
            return Reply(text: "", categoryID: top.categoryID, promptID: "none", sections: [])
        }
        let prompts = categories[categoryIndex].prompts
        // Those the top pattern's stance may get, whose placeholders it fills.
        let choice = promptChoice(prompts, for: analysis, top: top)
        guard let promptIndex = Self.pick(prompts, avoiding: used, seed: seed, where: choice.admits) else {
            return Reply(text: "", categoryID: top.categoryID, promptID: "none", sections: [])
        }
        let prompt = prompts[promptIndex]
        var text = prompt.text
        // Reflect only what the chosen prompt uses, in its order.
        for name in prompt.placeholders {
            if let value = choice.source.value(name) { text = text.replacingPlaceholder(name, with: value) }
        }
        return Reply(text: text, categoryID: top.categoryID, promptID: prompt.id, sections: [title(prompt.section)])
    }

    /// Analyses a message and replies to it.
    public func respond(to message: String) -> (analysis: Analysis, reply: Reply) {
        let analysis = analyze(message)
        return (analysis, reply(to: analysis))
    }

    /// The titles of article sections, by topic id; an unknown id stands for itself.
    func titles(_ sectionIDs: [String]) -> [String] {
        sectionIDs.map { title($0) }
    }

    /// The title of one article section; an unknown id stands for itself.
    func title(_ sectionID: String) -> String {
        // By position, not `topic(_:)`, which copies the whole topic for its title.
        topics.firstIndex { $0.id == sectionID }.map { topics[$0].title } ?? sectionID
    }

    static let leadingFillers: Set<String> = [
        "and", "but", "so", "like", "honestly", "well", "ok", "okay", "also", "because", "cause",
    ]

    /// The position of the prompt picked by `seed` among those that fit, preferring those not
    /// in `used`.
    ///
    /// `fits` says whether the prompt at a position may be given (its placeholders filled, its
    /// stance suiting the message's). Counts first and then walks to the chosen prompt, reading
    /// only the fields it needs: a batch run picks once per message, and copying each prompt (or
    /// collecting positions) was a visible share of it.
    static func pick(
        _ prompts: [Prompt], avoiding used: Set<String>, seed: UInt64, where fits: (Int) -> Bool = { _ in true }
    ) -> Int? {
        var eligible = 0
        var fresh = 0
        for index in prompts.indices where fits(index) {
            eligible += 1
            if !used.isEmpty, !used.contains(prompts[index].id) { fresh += 1 }
        }
        // Fresh prompts only when there are some; otherwise every eligible one.
        let onlyFresh = fresh > 0
        let poolCount = onlyFresh ? fresh : eligible
        guard poolCount > 0 else { return nil }
        var remaining = Int(seed % UInt64(poolCount))
        for index in prompts.indices where fits(index) && (!onlyFresh || !used.contains(prompts[index].id)) {
            if remaining == 0 { return index }
            remaining -= 1
        }
        return nil
    }
}

/// The words a prompt can hand back for one message, reflected: `match`, `clause`, `rest`,
/// the regex captures of the evidence, and `they`/`them`/`their` for the other person.
///
/// Answers per name instead of building a set of available names and a dictionary of values:
/// a prompt names one or two placeholders, and only the chosen prompt's are reflected.
struct PlaceholderSource {
    let text: NormalizedText
    /// The top pattern's evidence; not empty.
    let evidence: [Evidence]
    /// The clause that holds the first match, breaks excluded.
    let clause: Range<Int>
    /// Who `{they}`, `{them}` and `{their}` refer to: the person the clause names.
    let person: OtherPerson

    init(text: NormalizedText, evidence: [Evidence], person: OtherPerson = .they) {
        self.text = text
        self.evidence = evidence
        self.person = person
        clause = text.clauseRange(containing: evidence[0].tokens.lowerBound)
    }

    private var match: Range<Int> { evidence[0].tokens }
    /// Whether words follow the match in its clause.
    private var hasRest: Bool { match.upperBound < clause.upperBound }

    /// Whether `name` has a value for this evidence.
    func hasValue(_ name: String) -> Bool {
        switch name {
        case "match", "clause", "they", "them", "their": true
        case "rest" where hasRest: true
        default: evidence.contains { $0.captures[name] != nil }
        }
    }

    /// The reflected words for `name`, or nil when it has none. A capture of the first
    /// evidence that has it; `match`, `clause` and `rest` (when there is one) come first.
    func value(_ name: String) -> String? {
        switch name {
        case "match":
            return Reflector.reflect(text, match)
        case "clause":
            var clause = clause
            while clause.count > 1,
                RuleSet.leadingFillers.contains(text.text(of: clause.lowerBound..<(clause.lowerBound + 1)))
            {
                clause = (clause.lowerBound + 1)..<clause.upperBound
            }
            if clause.count > Reflector.maxWords {
                let start = max(clause.lowerBound, min(match.lowerBound, clause.upperBound - Reflector.maxWords))
                clause = start..<min(clause.upperBound, start + Reflector.maxWords)
            }
            return Reflector.reflect(text, clause)
        case "rest" where hasRest:
            return Reflector.reflect(text, match.upperBound..<clause.upperBound)
        case "they", "them", "their":
            return person.value(name)
        default:
            for item in evidence {
                if let range = item.captures[name] { return Reflector.reflect(text, range) }
            }
            return nil
        }
    }
}

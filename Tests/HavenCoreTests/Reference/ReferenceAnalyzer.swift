import HavenCoreTesting

@testable import HavenCore

/// A deliberately naive analyser, for checking the real matcher against: the same results as
/// ``RuleSet/analyze(_:trace:)`` (patterns, scores, evidence, lowered-by guards), found the
/// slow and obvious way.
///
/// Every phrase is tried at every token, every regex on every clause, every guard hit against
/// every rule hit: no automaton, no shared literals, no packed tables, no candidate windows,
/// so a bug in those shows as a disagreement. Normalisation is the rule set's own (it has its
/// own tests).
///
/// Phrases are matched twice. The authored phrases, expanded here from the rule files
/// (``ReferencePhrase``), give every span a phrase matches. But where a phrase matches several
/// overlapping spans, the engine reports one per place its rarest part (the trigger) is found,
/// chosen part by part: nearest first to the right, farthest first to the left. Which span that
/// is depends on where the engine cut the phrase into slots, so the reference reads the cut
/// (the word lists of each slot and the trigger) from the rule set and walks it naively; and
/// ``expansionMismatches(_:)`` checks that every span found that way is one the authored
/// phrases match, and that a rule or guard matches at all exactly when its authored phrases do.
struct ReferenceAnalyzer {
    let rules: RuleSet
    /// What a lowered match keeps of its weight ("about a third"); the reference's own number.
    static let loweredFactor = 0.35
    private let rulePhrases: [[ReferencePhrase]]
    private let guardPhrases: [[ReferencePhrase]]
    /// The whole phrases (no slots) of each rule and each guard, as word lists.
    private let ruleWords: [Lists]
    private let guardWords: [Lists]
    /// Each slot's word lists, by slot id.
    private let slotWords: [Int: Lists]
    private let regexes: [LinearRegex?]

    /// Loads `sources` into a rule set and reads the same sources' phrases and sets.
    init(sources: [RuleSource]) throws {
        guard let rules = RuleLoader.load(sources).ruleSet else { throw TestFailure("the rules do not load") }
        var sets: [String: [String]] = [:]
        var diagnostics: [Diagnostic] = []
        for source in sources {
            if case .lexicon(let lexicon) = RuleDocument.parse(
                file: source.path, text: source.text, diagnostics: &diagnostics)
            {
                for (name, members) in lexicon.sets { sets[name.value] = members.map(\.value) }
            }
        }
        let normalize = { (word: String) -> [String] in
            let text = rules.normalize(word)
            return text.tokens.indices.filter { !text.tokens[$0].isBreak }.map { text.text(of: $0..<($0 + 1)) }
        }
        self.rules = rules
        rulePhrases = try rules.rules.map { rule in
            try rule.phrases.map { try ReferencePhrase($0.value, sets: sets, normalize: normalize) }
        }
        guardPhrases = try rules.guards.map { guardRule in
            try guardRule.phrases.map { try ReferencePhrase($0.value, sets: sets, normalize: normalize) }
        }
        var ruleWords = [[[String]]](repeating: [], count: rules.rules.count)
        var guardWords = [[[String]]](repeating: [], count: rules.guards.count)
        var slotWords: [Int: [[String]]] = [:]
        // A freshly compiled set keeps its authoring tables (a restored snapshot does not).
        guard let authoring = rules.matcher.authoring else {
            throw TestFailure("the reference needs a freshly compiled rule set")
        }
        for (position, owner) in authoring.owners.enumerated() {
            let words = String(decoding: authoring.literals[position], as: UTF8.self).split(separator: " ").map(
                String.init)
            switch owner.kind {
            case .phrase: ruleWords[owner.index].append(words)
            case .guardPhrase: guardWords[owner.index].append(words)
            case .slot: slotWords[owner.index, default: []].append(words)
            case .anchor: break
            }
        }
        self.ruleWords = ruleWords.map(Self.byFirstWord)
        self.guardWords = guardWords.map(Self.byFirstWord)
        self.slotWords = slotWords.mapValues(Self.byFirstWord)
        regexes = rules.rules.map { rule in rule.regexSource.flatMap { try? LinearRegex($0.value) } }
    }

    /// One rule match before guards and ranking.
    struct Hit {
        var rule: Int
        var tokens: Range<Int>
        var captures: [String: Range<Int>] = [:]
        var loweredBy: [String] = []
    }

    /// What the phrases found in one message, in the order the engine reports it: whole
    /// phrases by where they end (longest first), then slotted phrases by where their trigger
    /// ends, then regexes.
    private func phraseHits(_ text: NormalizedText) -> (rules: [(Int, Range<Int>)], guards: [(Int, Range<Int>)]) {
        let words = text.tokens.indices.map { text.text(of: $0..<($0 + 1)) }
        var whole: [(owner: Int, isGuard: Bool, tokens: Range<Int>)] = []
        for (rule, lists) in ruleWords.enumerated() {
            for span in Self.occurrences(of: lists, in: words) { whole.append((rule, false, span)) }
        }
        for (index, lists) in guardWords.enumerated() {
            for span in Self.occurrences(of: lists, in: words) { whole.append((index, true, span)) }
        }
        // Stable: equal spans keep the order their owners were added (guards, then each category's rules and guards).
        whole = whole.enumerated().sorted { lhs, rhs in
            (lhs.element.tokens.upperBound, -lhs.element.tokens.count, Self.addedOrder(lhs.element, rules), lhs.offset)
                < (
                    rhs.element.tokens.upperBound, -rhs.element.tokens.count, Self.addedOrder(rhs.element, rules),
                    rhs.offset
                )
        }.map(\.element)
        var slotted: [(trigger: Range<Int>, chain: Int, owner: OwnerCode, tokens: Range<Int>)] = []
        for (chainIndex, chain) in rules.matcher.gapPhrases.enumerated() {
            let found = chain.slots.map { Self.occurrences(of: slotWords[$0] ?? [:], in: words) }
            for trigger in found[chain.trigger] {
                let clause = text.tokens[trigger.lowerBound].clause
                guard
                    let first = Self.extend(
                        chain, found, chain.trigger - 1, leftwards: true, from: trigger, clause: clause, text),
                    let last = Self.extend(
                        chain, found, chain.trigger + 1, leftwards: false, from: trigger, clause: clause, text)
                else { continue }
                slotted.append((trigger, chainIndex, chain.owner, first.lowerBound..<last.upperBound))
            }
        }
        slotted.sort {
            ($0.trigger.upperBound, -$0.trigger.count, $0.chain) < ($1.trigger.upperBound, -$1.trigger.count, $1.chain)
        }
        var ruleHits = whole.filter { !$0.isGuard }.map { ($0.owner, $0.tokens) }
        var guardHits = whole.filter(\.isGuard).map { ($0.owner, $0.tokens) }
        for hit in slotted {
            switch hit.owner.kind {
            case .phrase: ruleHits.append((hit.owner.index, hit.tokens))
            case .guardPhrase: guardHits.append((hit.owner.index, hit.tokens))
            case .slot, .anchor: continue  // slotted phrases belong to rules and guards only
            }
        }
        return (ruleHits, guardHits)
    }

    /// Where the engine added a phrase's owner: the lexicon's guards first, then each category's rules, then its guards.
    private static func addedOrder(_ owner: (owner: Int, isGuard: Bool, tokens: Range<Int>), _ rules: RuleSet) -> Int {
        guard owner.isGuard else { return 2 * (rules.rules[owner.owner].categoryIndex + 1) }
        return rules.guards[owner.owner].categoryIndex.map { 2 * ($0 + 1) + 1 } ?? 0
    }

    /// Word lists by their first word, so each token is compared only with the lists that start with it.
    typealias Lists = [String: [[String]]]

    static func byFirstWord(_ lists: [[String]]) -> Lists {
        Dictionary(grouping: lists.filter { !$0.isEmpty }) { $0[0] }
    }

    /// Every place one of `lists` stands in `words`, by last word, longest first.
    static func occurrences(of lists: Lists, in words: [String]) -> [Range<Int>] {
        var spans = Set<Range<Int>>()
        for start in words.indices {
            for list in lists[words[start]] ?? []
            where start + list.count <= words.count && words[start..<(start + list.count)].elementsEqual(list) {
                spans.insert(start..<(start + list.count))
            }
        }
        return spans.sorted { ($0.upperBound, -$0.count) < ($1.upperBound, -$1.count) }
    }

    /// Slot `index` of a chain next to `edge`: the first place (by last word, longest first)
    /// within the gap, in the clause, from which the rest of the chain also completes.
    private static func extend(
        _ chain: GapPhrase, _ found: [[Range<Int>]], _ index: Int, leftwards: Bool, from edge: Range<Int>,
        clause: Int32, _ text: NormalizedText
    ) -> Range<Int>? {
        guard found.indices.contains(index) else { return edge }
        let limit = leftwards ? chain.gaps[index + 1] : chain.gaps[index]
        for candidate in found[index] {
            let fits =
                leftwards
                ? candidate.upperBound <= edge.lowerBound && edge.lowerBound - candidate.upperBound <= limit
                : candidate.lowerBound >= edge.upperBound && candidate.lowerBound - edge.upperBound <= limit
            guard fits, text.tokens[candidate.lowerBound].clause == clause else { continue }
            if let end = extend(
                chain, found, leftwards ? index - 1 : index + 1, leftwards: leftwards, from: candidate, clause: clause,
                text)
            {
                return end
            }
        }
        return nil
    }

    /// Analyses a message as ``RuleSet/analyze(_:trace:)`` does (without near misses).
    func analyze(_ message: String) -> Analysis {
        let text = rules.normalize(message)
        let found = phraseHits(text)
        var hits = found.rules.map { Hit(rule: $0.0, tokens: $0.1) }
        for rule in rules.rules.indices { hits += regexHits(rule, text) }
        let kept = applyGuards(found.guards, text, hits)
        return Analysis(text: text, patterns: rank(kept), suppressed: [], nearMisses: [], regexBytesScanned: 0)
    }

    /// Where the authored phrases and the engine's cut of them disagree on a message: a span
    /// the cut found that no authored phrase matches, or a rule or guard that one finds and the other not.
    func expansionMismatches(_ message: String) -> [String] {
        let text = rules.normalize(message)
        let words = text.tokens.indices.map { text.text(of: $0..<($0 + 1)) }
        let found = phraseHits(text)
        var problems: [String] = []
        func check(_ name: String, _ phrases: [ReferencePhrase], _ spans: [Range<Int>]) {
            var authored = Set<Range<Int>>()
            for phrase in phrases { authored.formUnion(phrase.matches(in: text, words: words)) }
            if let stray = spans.first(where: { !authored.contains($0) }) {
                problems.append("\(name): engine phrase span \(stray) matches no authored phrase")
            }
            if spans.isEmpty != authored.isEmpty {
                problems.append(
                    "\(name): authored phrases match \(authored.sorted { $0.lowerBound < $1.lowerBound }), the engine's expansion \(spans)"
                )
            }
        }
        for (rule, phrases) in rulePhrases.enumerated() {
            check(rules.rules[rule].id, phrases, found.rules.filter { $0.0 == rule }.map(\.1))
        }
        for (index, phrases) in guardPhrases.enumerated() {
            check(rules.guards[index].id, phrases, found.guards.filter { $0.0 == index }.map(\.1))
        }
        return problems
    }

    /// The rule's regex on every clause of the message: its first match there, if any.
    private func regexHits(_ ruleIndex: Int, _ text: NormalizedText) -> [Hit] {
        guard let regex = regexes[ruleIndex] else { return [] }
        var hits: [Hit] = []
        var start = 0
        while start < text.tokens.count {
            var end = start
            while end < text.tokens.count, !text.tokens[end].isBreak { end += 1 }
            defer { start = end + 1 }
            // `$` is the end of the clause's words: trailing emoji do not count.
            var last = end
            while last - start > 1, text.tokens[last - 1].isEmoji { last -= 1 }
            guard last > start else { continue }
            let base = Int(text.tokens[start].start)
            let bytes = text.bytes[base..<Int(text.tokens[last - 1].end)]
            guard let captures = regex.firstMatch(in: bytes),
                let tokens = Self.tokens(text, base + captures[0], base + captures[1])
            else {
                continue
            }
            var named: [String: Range<Int>] = [:]
            for (name, group) in regex.groupNames where captures[2 * group] >= 0 {
                named[name] = Self.tokens(text, base + captures[2 * group], base + captures[2 * group + 1])
            }
            hits.append(Hit(rule: ruleIndex, tokens: tokens, captures: named))
        }
        return hits
    }

    /// The tokens whose words the bytes `start..<end` of the normalised text touch (spaces trimmed).
    private static func tokens(_ text: NormalizedText, _ start: Int, _ end: Int) -> Range<Int>? {
        let touched = text.tokens.indices.filter { index in
            let token = text.tokens[index]
            return Int(token.start) < end && Int(token.end) > start
        }
        guard let first = touched.first, let last = touched.last else { return nil }
        return first..<(last + 1)
    }

    /// Every guard hit against every rule hit: a covering guard of the rule's category (or of
    /// the lexicon) drops the hit, or lowers it for `effect: lower` and always for crisis.
    private func applyGuards(_ guardHits: [(guard: Int, tokens: Range<Int>)], _ text: NormalizedText, _ hits: [Hit])
        -> [Hit]
    {
        var kept: [Hit] = []
        for var hit in hits {
            let rule = rules.rules[hit.rule]
            let isCrisis = rules.categories[rule.categoryIndex].id == RuleSet.crisisID
            var dropped = false
            for guardHit in guardHits {
                let guardRule = rules.guards[guardHit.guard]
                if let owner = guardRule.categoryIndex, owner != rule.categoryIndex { continue }
                guard Self.covers(guardRule.scope, guardHit.tokens, hit.tokens, text) else { continue }
                if guardRule.effect == .lower || isCrisis {
                    if !hit.loweredBy.contains(guardRule.id) { hit.loweredBy.append(guardRule.id) }
                } else {
                    dropped = true
                    break
                }
            }
            if !dropped { kept.append(hit) }
        }
        return kept
    }

    /// Whether a guard at `guardTokens` acts on a match at `hit`, read straight from the guide:
    /// `before`/`after` in the same clause within `window` words, with no "but" in between;
    /// `clause` anywhere in the clause; `message` anywhere.
    static func covers(_ scope: Guard.Scope, _ guardTokens: Range<Int>, _ hit: Range<Int>, _ text: NormalizedText)
        -> Bool
    {
        let clause = { (index: Int) in text.tokens[index].clause }
        let sameClause = clause(guardTokens.lowerBound) == clause(hit.lowerBound)
        func noBut(_ between: Range<Int>) -> Bool { !between.contains { text.text(of: $0..<($0 + 1)) == "but" } }
        switch scope {
        case .message:
            return true
        case .clause:
            return sameClause
        case .before(let window):
            // The guard starts first and ends no later than the match; the words between them are counted.
            guard sameClause, guardTokens.lowerBound < hit.lowerBound, guardTokens.upperBound <= hit.upperBound else {
                return false
            }
            let between = guardTokens.upperBound..<max(guardTokens.upperBound, hit.lowerBound)
            return between.count <= window && noBut(between)
        case .after(let window):
            guard sameClause, guardTokens.upperBound > hit.upperBound, guardTokens.lowerBound >= hit.lowerBound else {
                return false
            }
            let between = hit.upperBound..<max(hit.upperBound, guardTokens.lowerBound)
            return between.count <= window && noBut(between)
        }
    }

    /// Per category: each rule once at its strongest, scores as 1 - prod(1 - weight), evidence
    /// in message order without matches inside longer ones; crisis first, then score, priority, id.
    private func rank(_ hits: [Hit]) -> [PatternMatch] {
        var matches: [PatternMatch] = []
        for (categoryIndex, category) in rules.categories.enumerated() {
            let categoryHits = hits.filter { rules.rules[$0.rule].categoryIndex == categoryIndex }
            guard !categoryHits.isEmpty else { continue }
            var strongest: [Int: Double] = [:]
            for hit in categoryHits {
                let weight = rules.rules[hit.rule].weight * (hit.loweredBy.isEmpty ? 1 : Self.loweredFactor)
                strongest[hit.rule] = max(strongest[hit.rule] ?? 0, weight)
            }
            let ruleOrder = strongest.keys.sorted()
            let miss = ruleOrder.reduce(1.0) { $0 * (1 - strongest[$1]!) }
            let score = ((1 - miss) * 1000).rounded() / 1000
            var evidence: [Evidence] = []
            for hit in categoryHits.enumerated().sorted(by: {
                ($0.element.tokens.lowerBound, -$0.element.tokens.count, $0.offset) < (
                    $1.element.tokens.lowerBound, -$1.element.tokens.count, $1.offset
                )
            }).map(\.element) {
                if evidence.count == 8 { break }
                if evidence.contains(where: {
                    $0.tokens.lowerBound <= hit.tokens.lowerBound && $0.tokens.upperBound >= hit.tokens.upperBound
                }) {
                    continue
                }
                evidence.append(
                    Evidence(
                        ruleID: rules.rules[hit.rule].id, tokens: hit.tokens, captures: hit.captures,
                        loweredBy: hit.loweredBy))
            }
            matches.append(
                PatternMatch(
                    categoryID: category.id, score: score, priority: category.priority, evidence: evidence,
                    ruleIDs: ruleOrder.map { rules.rules[$0].id }))
        }
        return matches.sorted { lhs, rhs in
            let lhsCrisis = lhs.categoryID == RuleSet.crisisID
            let rhsCrisis = rhs.categoryID == RuleSet.crisisID
            if lhsCrisis != rhsCrisis { return lhsCrisis }
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
            return lhs.categoryID < rhs.categoryID
        }
    }

    /// The message's `haven reflect --format jsonl` line, from this analysis and the rule set's reply.
    func jsonLine(_ message: String) -> String {
        let analysis = analyze(message)
        var out: [UInt8] = []
        ReflectionRecord.jsonLine(analysis, rules.reply(to: analysis), stances: rules.stances(of: analysis), into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

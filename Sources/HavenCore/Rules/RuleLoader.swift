import Foundation

/// The outcome of loading rules: a rule set when there were no errors, and every finding.
public struct RuleLoadResult: Sendable {
    /// The compiled rules; nil when any diagnostic is an error.
    public var ruleSet: RuleSet?
    /// Every finding, errors, warnings and notes, in the order they were found.
    public var diagnostics: [Diagnostic]

    /// A result from its parts.
    public init(ruleSet: RuleSet?, diagnostics: [Diagnostic]) {
        self.ruleSet = ruleSet
        self.diagnostics = diagnostics
    }
}

/// Compiles rule files into a ``RuleSet``: parse, validate (check the documents, make the model,
/// expand the phrases), build (pack the matcher).
///
/// Pure: it takes file texts, not paths, so it can be tested without a disk and so a
/// server can compile a new set beside the live one before swapping it in.
public enum RuleLoader {
    /// Placeholders every category prompt may use.
    package static let builtInPlaceholders = ["clause", "match", "rest"] + OtherPerson.placeholders

    /// Parses, checks and compiles `sources`; every problem becomes a diagnostic, and the rule set is
    /// nil when any is an error.
    public static func load(_ sources: [RuleSource], limits: RuleLimits = .standard) -> RuleLoadResult {
        let checked = validate(sources, limits: limits)
        var diagnostics = checked.diagnostics
        let ruleSet = checked.validated.map { build($0, files: sources.map(\.path)) }
        if let ruleSet {
            // The safety tier is protected: a rule set whose crisis examples fail does not load.
            for result in ruleSet.checkExamples(categories: [RuleSet.crisisID]) where !result.passed {
                diagnostics.append(
                    Diagnostic(
                        .error, .safetyTier,
                        "safety tier: crisis example \"\(result.example.value)\" \(result.failure ?? "failed")",
                        at: result.example.location))
            }
        }
        let hasErrors = diagnostics.hasErrors
        return RuleLoadResult(ruleSet: hasErrors ? nil : ruleSet, diagnostics: diagnostics)
    }

    /// The first stage: parses and checks `sources` and makes the model; nil when anything in the
    /// model is an error (an error in the check rules alone is reported, with the model kept).
    static func validate(_ sources: [RuleSource], limits: RuleLimits = .standard) -> (
        validated: ValidatedRules?, diagnostics: [Diagnostic]
    ) {
        var diagnostics: [Diagnostic] = []
        var categories: [CategoryDocument] = []
        var lexicons: [(String, LexiconDocument)] = []
        var fallback: [PromptDocument]?
        var safety: SafetyDocument?
        var topicDocuments: [TopicDocument]?
        var dialogue: DialogueDocument?
        for source in sources {
            if let problem = source.encodingError { diagnostics.append(problem) }
            guard let document = RuleDocument.parse(file: source.path, text: source.text, diagnostics: &diagnostics)
            else { continue }
            switch document {
            case .category(let category): categories.append(category)
            case .lexicon(let lexicon): lexicons.append((source.path, lexicon))
            case .fallback(let prompts): fallback = (fallback ?? []) + prompts
            case .safety(let document): safety = document
            case .topics(let topics): topicDocuments = (topicDocuments ?? []) + topics
            case .dialogue(let document): dialogue = document
            }
        }
        var compiler = Compiler(diagnostics: diagnostics, limits: limits)
        var validated = compiler.validate(
            categories: categories, lexicons: lexicons.map(\.1), fallback: fallback, safety: safety,
            topics: topicDocuments)
        diagnostics = compiler.diagnostics
        // What `haven check` reads sits beside the rules it names; its errors are reported, and
        // `load` refuses the set for them, but the model is still built so its examples are run.
        if let model = validated {
            validated?.checkRules = readCheckRules(categories, for: model, diagnostics: &diagnostics)
        }
        // Read even when the model is not, so one lint run reports every file's problems.
        let words = readDialogue(
            dialogue, topics: Set((topicDocuments ?? []).map(\.id.value)), diagnostics: &diagnostics)
        validated?.dialogue = words
        return (validated, diagnostics)
    }

    /// The second stage: packs the matcher from the literals validation collected, and puts it
    /// beside the model. It cannot fail: everything that can be wrong was found by validation.
    static func build(_ validated: ValidatedRules, files: [String]) -> RuleSet {
        RuleSet(
            categories: validated.categories, rules: validated.rules, guards: validated.guards,
            topics: validated.topics,
            fallbackPrompts: validated.fallbackPrompts, safety: validated.safety, files: files,
            crisisIndex: validated.crisisIndex,
            matcher: validated.matcher.build(), checkRules: validated.checkRules, dialogue: validated.dialogue)
    }
}

// MARK: - Compilation

private struct Compiler {
    var diagnostics: [Diagnostic]
    let limits: RuleLimits
    /// Variants expanded so far, per rule or guard and in all: counted before anything is stored,
    /// so a rule file past ``RuleLimits`` costs an error, not gigabytes.
    private var expandedByOwner: [String: Int] = [:]
    private var expandedTotal = 0
    private var ownersOverLimit: Set<String> = []
    private var totalOverLimit = false

    init(diagnostics: [Diagnostic], limits: RuleLimits) {
        self.diagnostics = diagnostics
        self.limits = limits
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(.error, code, message, at: location))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(.warning, code, message, at: location))
    }

    /// The first stage: checks the documents and makes the model, collecting every phrase's
    /// literals into a ``MatcherBuilder`` as it goes (so a phrase's errors stand beside its rule's).
    /// Nil when anything is an error.
    mutating func validate(
        categories documents: [CategoryDocument], lexicons: [LexiconDocument], fallback: [PromptDocument]?,
        safety safetyDocument: SafetyDocument?, topics topicDocuments: [TopicDocument]?
    ) -> ValidatedRules? {
        // Topics first: prompts name them.
        let (topics, topicIDs) = validateTopics(topicDocuments)
        let (sets, normalizer) = readLexicons(lexicons)
        let expander = PhraseExpander(sets: sets, limits: limits) { word in
            normalizer.words(of: word).joined(separator: " ")
        }
        var builder = MatcherBuilder(normalizer: normalizer)

        var ruleIDs: [String: SourceLocation] = [:]
        var guardIDs: [String: SourceLocation] = [:]
        var guards: [Guard] = []

        func checkUnique(
            _ id: Located<String>, in table: inout [String: SourceLocation], _ what: String, _ compiler: inout Compiler
        ) -> Bool {
            if let previous = table[id.value] {
                compiler.error(
                    .duplicateID, "duplicate \(what) id '\(id.value)' (first defined at \(previous))", at: id.location)
                return false
            }
            table[id.value] = id.location
            return true
        }

        func addGuard(_ entry: GuardEntry, category: Int?, _ compiler: inout Compiler) {
            guard checkUnique(entry.id, in: &guardIDs, "guard", &compiler) else { return }
            let index = guards.count
            guards.append(
                Guard(
                    id: entry.id.value, categoryIndex: category, scope: entry.scope, effect: entry.effect,
                    why: entry.why,
                    phrases: entry.phrases, location: entry.location))
            for phrase in entry.phrases {
                compiler.addPhrase(
                    phrase, owner: .guardPhrase(guard: index), named: "guard '\(entry.id.value)'", expander: expander,
                    builder: &builder)
            }
        }

        for lexicon in lexicons {
            for entry in lexicon.guards { addGuard(entry, category: nil, &self) }
        }

        var categories: [Category] = []
        var rules: [Rule] = []
        var categoryIDs: [String: SourceLocation] = [:]
        for document in documents {
            guard checkUnique(document.id, in: &categoryIDs, "category", &self) else { continue }
            let categoryIndex = categories.count
            var ruleIndices: [Int] = []
            var captureNames = Set<String>()
            for entry in document.rules {
                guard checkUnique(entry.id, in: &ruleIDs, "rule", &self) else { continue }
                let ruleIndex = rules.count
                var regex: LinearRegex?
                if let source = entry.regex {
                    regex = compileRegex(source, anchors: entry.anchors, rule: ruleIndex, builder: &builder)
                    captureNames.formUnion(regex?.groupNames.keys ?? [:].keys)
                }
                for phrase in entry.phrases {
                    addPhrase(
                        phrase, owner: .phrase(rule: ruleIndex), named: "rule '\(entry.id.value)'", expander: expander,
                        builder: &builder)
                }
                rules.append(
                    Rule(
                        id: entry.id.value, categoryIndex: categoryIndex, weight: entry.weight, phrases: entry.phrases,
                        regexSource: entry.regex, examples: entry.examples, counterExamples: entry.counterExamples,
                        location: entry.location, regex: regex))
                ruleIndices.append(ruleIndex)
            }
            let guardStart = guards.count
            for entry in document.guards { addGuard(entry, category: categoryIndex, &self) }
            let isCrisis = document.id.value == RuleSet.crisisID
            if document.prompts.isEmpty && !isCrisis {
                error(.noPrompts, "category '\(document.id.value)' has no prompts", at: document.location)
            }
            if let problem = PromptChoice.coverageProblem(
                category: document.id.value, stances: document.prompts.map(\.stance))
            {
                error(.promptCoverage, problem, at: document.prompts.first?.text.location)
            }
            // The protected tier must never be emptied: without rules no message would get the safety
            // response, and without examples nothing would check that it still catches danger.
            if isCrisis && document.rules.isEmpty {
                error(
                    .safetyTier, "safety tier: 'crisis' has no rules, so no message would get the safety response",
                    at: document.rulesLocation)
            }
            if isCrisis && document.mustMatch.isEmpty {
                error(
                    .safetyTier,
                    "safety tier: 'crisis' has no 'match' examples, so nothing checks that it catches danger",
                    at: document.examplesLocation)
            }
            for section in document.sections where topicIDs[section.value] == nil {
                error(
                    .unknownSection,
                    "unknown section '\(section.value)'\(Suggestion.hint(for: section.value, in: topicIDs.keys))",
                    at: section.location)
            }
            let allowed = Set(RuleLoader.builtInPlaceholders).union(captureNames)
            categories.append(
                Category(
                    id: document.id.value, title: document.title, priority: document.priority,
                    sections: document.sections.map(\.value),
                    prompts: prompts(
                        document.prompts, owner: document.id.value, placeholders: allowed, topics: topicIDs),
                    followUps: prompts(
                        document.followUps, owner: document.id.value + ".follow", placeholders: [], topics: topicIDs),
                    ruleIndices: ruleIndices, guardIndices: Array(guardStart..<guards.count),
                    mustMatch: document.mustMatch,
                    mustNotMatch: document.mustNotMatch, location: document.location))
        }
        let crisisIndex = categories.firstIndex { $0.id == RuleSet.crisisID }
        if crisisIndex == nil {
            error(.safetyTier, "there is no 'crisis' category: the safety tier must always be present", at: nil)
        }

        let fallbackPrompts = prompts(fallback ?? [], owner: "none", placeholders: [], topics: topicIDs)
        if fallback == nil || fallbackPrompts.isEmpty {
            error(
                .missingFile,
                "no fallback prompts: add a file with 'fallback: prompts:' for messages that match nothing", at: nil)
        }
        let safety = validateSafety(safetyDocument, topics: topicIDs)
        diagnostics += builder.diagnostics
        guard !diagnostics.hasErrors else { return nil }
        return ValidatedRules(
            categories: categories, rules: rules, guards: guards, topics: topics, fallbackPrompts: fallbackPrompts,
            safety: safety,
            crisisIndex: crisisIndex, matcher: builder)
    }

    /// The article's sections, each id once.
    mutating func validateTopics(_ documents: [TopicDocument]?) -> (topics: [Topic], ids: [String: SourceLocation]) {
        var topics: [Topic] = []
        var topicIDs: [String: SourceLocation] = [:]
        for document in documents ?? [] {
            if let previous = topicIDs[document.id.value] {
                error(
                    .duplicateID, "duplicate topic id '\(document.id.value)' (first defined at \(previous))",
                    at: document.id.location)
                continue
            }
            topicIDs[document.id.value] = document.id.location
            topics.append(
                Topic(
                    id: document.id.value, title: document.title, summary: document.summary,
                    tips: document.tips.map(\.value)))
        }
        if documents == nil {
            error(.missingFile, "no topics file: add one with a 'topics' list (the article's sections)", at: nil)
        }
        return (topics, topicIDs)
    }

    /// The lexicons' sets (each name once) and the normaliser of their substitutions; their
    /// guards are added with the categories' (they share the guard numbering).
    mutating func readLexicons(_ lexicons: [LexiconDocument]) -> (sets: [String: [String]], normalizer: Normalizer) {
        var sets: [String: [String]] = [:]
        var setLocations: [String: SourceLocation] = [:]
        var substitutions: [String: String] = [:]
        for lexicon in lexicons {
            for (name, members) in lexicon.sets {
                if let previous = setLocations[name.value] {
                    error(
                        .duplicateSet, "duplicate set '\(name.value)' (first defined at \(previous))", at: name.location
                    )
                }
                setLocations[name.value] = name.location
                sets[name.value] = members.map(\.value)
            }
            for (from, to) in lexicon.substitutions { substitutions[from.value] = to }
        }
        return (sets, Normalizer(substitutions: substitutions))
    }

    /// The safety response: its sections known, and a place for the resources.
    mutating func validateSafety(_ document: SafetyDocument?, topics topicIDs: [String: SourceLocation])
        -> SafetyResponse
    {
        guard let document else {
            error(.missingFile, "no safety file: add one with 'safety: response:' and 'resources:'", at: nil)
            return SafetyResponse(template: "", resources: "", sections: [])
        }
        for section in document.sections where topicIDs[section.value] == nil {
            error(
                .unknownSection,
                "unknown section '\(section.value)'\(Suggestion.hint(for: section.value, in: topicIDs.keys))",
                at: section.location)
        }
        if !document.response.value.contains("{resources}") {
            error(
                .safetyResources, "the safety response must say where '{resources}' go", at: document.response.location)
        }
        return SafetyResponse(
            template: document.response.value.oneLine, resources: document.resources.value.oneLine,
            sections: document.sections.map(\.value))
    }

    mutating func prompts(
        _ documents: [PromptDocument], owner: String, placeholders: Set<String>, topics: [String: SourceLocation]
    ) -> [Prompt] {
        var result: [Prompt] = []
        for (index, document) in documents.enumerated() {
            let used = RuleLoader.placeholderNames(in: document.text.value)
            for name in used where !placeholders.contains(name) {
                let hint = Suggestion.hint(for: name, in: placeholders)
                error(
                    .unknownPlaceholder, "placeholder '{\(name)}' names no capture\(hint)", at: document.text.location)
            }
            if topics[document.section.value] == nil {
                error(
                    .unknownSection,
                    "unknown section '\(document.section.value)'\(Suggestion.hint(for: document.section.value, in: topics.keys))",
                    at: document.section.location)
            }
            result.append(
                Prompt(
                    id: "\(owner).\(index + 1)", text: document.text.value.oneLine, section: document.section.value,
                    placeholders: used,
                    stance: document.stance, location: document.text.location))
        }
        return result
    }

    mutating func compileRegex(
        _ source: Located<String>, anchors explicit: [Located<String>], rule: Int, builder: inout MatcherBuilder
    ) -> LinearRegex? {
        let regex: LinearRegex
        do {
            regex = try LinearRegex(source.value, maxNesting: limits.nesting)
        } catch {
            let location = SourceLocation(
                file: source.location.file, line: source.location.line, column: source.location.column + error.offset)
            self.error(
                .regexSyntax, "regex does not compile: \(error.message) in '\(source.value.excerpt)'", at: location)
            return nil
        }
        if let shape = RegexAnalysis.catastrophicShape(regex.tree) {
            error(
                .regexCatastrophic, "regex can backtrack catastrophically (\(shape)): '\(source.value.excerpt)'",
                at: source.location)
            return nil
        }
        var literals: [[UInt8]]
        if explicit.isEmpty {
            guard let found = RegexAnalysis.anchors(regex.tree) else {
                error(
                    .regexNoAnchor,
                    "regex has no literal the prefilter can anchor on; add 'anchor:' with a word every match contains: '\(source.value.excerpt)'",
                    at: source.location)
                return nil
            }
            literals = found
        } else {
            literals = explicit.map { Array(builder.normalizer.words(of: $0.value).joined(separator: " ").utf8) }
        }
        if RegexAnalysis.quality(literals) < 3 {
            warning(
                .regexShortAnchor,
                "regex anchor '\(String(decoding: literals.min { $0.count < $1.count } ?? [], as: UTF8.self))' is shorter than 3 letters, so the regex runs often",
                at: source.location)
        }
        for literal in literals where !literal.isEmpty { builder.add(literal, owner: .anchor(rule: rule)) }
        return regex
    }

    /// Expands a phrase into the builder; `name` ("rule 'x'" or "guard 'y'") is whose literal limit it counts against.
    mutating func addPhrase(
        _ phrase: Located<String>, owner: OwnerCode, named name: String, expander: PhraseExpander,
        builder: inout MatcherBuilder
    ) {
        if phrase.value.replacingAll("...", with: " ").contains(where: { ",.;:!".contains($0) }) {
            error(
                .phrasePunctuation,
                "phrase '\(phrase.value.excerpt)' has punctuation that ends a clause, so it could never match; leave the punctuation out",
                at: phrase.location)
            return
        }
        // Past a limit, stop expanding: one error says where, and the rest would only cost time.
        guard !totalOverLimit, !ownersOverLimit.contains(name) else { return }
        let ownerRoom = limits.literalsPerRule - expandedByOwner[name, default: 0]
        let totalRoom = limits.literals - expandedTotal
        let slots: [PhraseExpander.Slot]
        do {
            slots = try expander.expand(phrase.value, budget: min(ownerRoom, totalRoom))
        } catch  where error.overBudget {
            let fix = "write fewer or narrower phrases"
            if totalRoom <= ownerRoom {
                totalOverLimit = true
                self.error(
                    .limitExceeded,
                    "the rule set expands to more than \(limits.literals) literals at phrase '\(phrase.value.excerpt)'; \(fix)",
                    at: phrase.location)
            } else {
                ownersOverLimit.insert(name)
                self.error(
                    .limitExceeded,
                    "\(name) expands to more than \(limits.literalsPerRule) literals at phrase '\(phrase.value.excerpt)'; \(fix)",
                    at: phrase.location)
            }
            return
        } catch {
            self.error(error.code, "\(error.message)", at: phrase.location)
            return
        }
        let count = slots.reduce(0) { $0 + $1.variants.count }
        expandedByOwner[name, default: 0] += count
        expandedTotal += count
        if slots.count == 1 {
            for variant in slots[0].variants { builder.addWords(variant, owner: owner, at: phrase.location) }
            return
        }
        let ids = slots.map { builder.slotID($0.variants, at: phrase.location) }
        builder.gapPhrases.append(GapPhrase(owner: owner, slots: ids, gaps: slots.map(\.gapBefore), trigger: 0))
    }
}

extension String {
    /// The text on one line: line breaks and runs of spaces become single spaces.
    var oneLine: String {
        split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

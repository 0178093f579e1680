/// A compiled, immutable set of rules: the authored model (categories, rules, guards, prompts,
/// topics, the safety response) and the ``Matcher`` built from it.
///
/// Build one with ``RuleLoader``; it is `Sendable`, so a long-running server can swap one
/// set for another atomically on reload. The tools read the model; matching goes through
/// ``analyze(_:trace:)-(String,_)``, which walks the matcher's packed tables.
public struct RuleSet: Sendable {
    /// The id of the safety tier: always ranked first, never suppressed.
    public static let crisisID = "crisis"

    public let categories: [Category]
    public let rules: [Rule]
    public let guards: [Guard]
    public let topics: [Topic]
    public let fallbackPrompts: [Prompt]
    public let safety: SafetyResponse
    /// The files the set was built from, in load order.
    public let files: [String]
    /// The index of the `crisis` category (a valid set always has one).
    let crisisIndex: Int?
    /// The packed tables the matching steps read.
    let matcher: Matcher
    /// Antidotes, check examples, rule notes and stance overrides (see ``CheckRules``).
    public internal(set) var checkRules = CheckRules()
    /// Everything Haven says that is not a reflection (`dialogue.yaml`).
    public internal(set) var dialogue = DialogueText()

    /// Number of literals in the automaton after expanding sets and alternatives (duplicates included).
    public var literalCount: Int { matcher.literalCount }
    /// Number of automaton states.
    public var automatonStates: Int { matcher.stateCount }

    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
    public func topic(_ id: String) -> Topic? { topics.first { $0.id == id } }
}

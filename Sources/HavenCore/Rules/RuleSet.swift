/// A compiled, immutable set of rules: the authored model (categories, rules, guards, prompts,
/// topics, the safety response) and the ``Matcher`` built from it.
///
/// Build one with ``RuleLoader``; it is `Sendable`, so a long-running server can swap one
/// set for another atomically on reload. The tools read the model; matching goes through
/// ``analyze(_:trace:)-(String,_)``, which walks the matcher's packed tables.
///
/// Public, for a program that embeds Haven: ``analyze(_:trace:)-(String,_)``,
/// ``reply(to:avoiding:seed:resources:)``, ``respond(to:)`` and ``crisisID``; ``Dialogue`` runs a
/// conversation over it. The authored model (categories, rules, guards, prompts), the snapshot
/// and the tooling are `package`: Haven's own modules and tests use them, and they change with
/// the rule format.
public struct RuleSet: Sendable {
    /// The id of the safety tier: always ranked first, never suppressed.
    public static let crisisID = "crisis"

    package let categories: [Category]
    package let rules: [Rule]
    package let guards: [Guard]
    package let topics: [Topic]
    package let fallbackPrompts: [Prompt]
    package let safety: SafetyResponse
    /// The files the set was built from, in load order.
    package let files: [String]
    /// The index of the `crisis` category (a valid set always has one).
    let crisisIndex: Int?
    /// The packed tables the matching steps read.
    let matcher: Matcher
    /// Antidotes, check examples, rule notes and stance overrides (see ``CheckRules``).
    package internal(set) var checkRules = CheckRules()
    /// Everything Haven says that is not a reflection (`dialogue.yaml`).
    package internal(set) var dialogue = DialogueText()

    /// Number of literals in the automaton after expanding sets and alternatives (duplicates included).
    package var literalCount: Int { matcher.literalCount }
    /// Number of automaton states.
    package var automatonStates: Int { matcher.stateCount }

    package func category(_ id: String) -> Category? { categories.first { $0.id == id } }
    package func topic(_ id: String) -> Topic? { topics.first { $0.id == id } }
}

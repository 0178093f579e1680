/// What validation hands to the build: the authored model, checked, and a ``MatcherBuilder``
/// holding every literal and slotted phrase of it (each phrase's expansion checked against the limits).
struct ValidatedRules {
    var categories: [Category]
    var rules: [Rule]
    var guards: [Guard]
    var topics: [Topic]
    var fallbackPrompts: [Prompt]
    var safety: SafetyResponse
    var crisisIndex: Int?
    var matcher: MatcherBuilder
    /// Antidotes, check examples, rule notes and stance overrides, read after the model.
    var checkRules = CheckRules()
    /// The sentences of `dialogue.yaml`, read beside the model.
    var dialogue = DialogueText()
}

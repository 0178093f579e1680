/// What the rules found in one message.
public struct Analysis: Sendable {
    /// The normalised message.
    public let text: NormalizedText
    /// Detected patterns, strongest first (`crisis` always first when present). Empty when nothing matched.
    public let patterns: [PatternMatch]
    /// Rule matches that a guard removed, with the guard responsible.
    public let suppressed: [Suppression]
    /// Regex rules whose anchor was found but whose regex did not match, and gap phrases left incomplete.
    public let nearMisses: [NearMiss]
    /// Bytes that rule regexes were run over: bounded by the regex span per rule and clause.
    package let regexBytesScanned: Int

    /// The strongest pattern, if any.
    public var top: PatternMatch? { patterns.first }
    /// Whether the message shows danger.
    public var isCrisis: Bool { patterns.first?.categoryID == RuleSet.crisisID }
}

/// One detected category with its score and evidence.
public struct PatternMatch: Sendable, Equatable {
    /// The category's id.
    public let categoryID: String
    /// In 0...1: combines the weights of the distinct rules that fired.
    public let score: Double
    /// The category's priority: it breaks ties in score.
    public let priority: Int
    /// Where it was found, in message order (a match inside a longer one is not listed again).
    public let evidence: [Evidence]
    /// Every rule of the category that fired, evidence or not.
    public let ruleIDs: [String]
}

/// One rule match.
public struct Evidence: Sendable, Equatable {
    /// The rule that matched.
    public let ruleID: String
    /// The words it matched, as a token range for ``NormalizedText/text(of:)`` and
    /// ``NormalizedText/originalText(of:)``.
    public let tokens: Range<Int>
    /// Named regex captures, as token ranges.
    public let captures: [String: Range<Int>]
    /// Guards that lowered this match, if any.
    public let loweredBy: [String]
}

/// A rule match removed by a guard.
public struct Suppression: Sendable, Equatable {
    /// The rule whose match was removed.
    public let ruleID: String
    /// The guard that removed it.
    public let guardID: String
    /// Why, in the guard's words.
    public let reason: String
    /// The rule's match, as a token range.
    public let tokens: Range<Int>
    /// The guard's phrase, as a token range.
    public let guardTokens: Range<Int>
}

/// A rule that nearly matched.
public struct NearMiss: Sendable, Equatable {
    /// The rule that nearly matched.
    public let ruleID: String
    /// What was missing.
    public let reason: String
    /// Where its anchor was found, as a token range.
    public let tokens: Range<Int>
}

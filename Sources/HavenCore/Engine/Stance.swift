/// Who is speaking in a detected pattern: the writer addressing the other person ("you never
/// listen", a draft), the writer on the receiving end ("he never listens to me"), or neither
/// that the words tell.
package enum Stance: String, Sendable, CaseIterable {
    /// The writer's own words to the other person: the pattern is theirs to soften.
    case speaker
    /// A report of the other person's words or behaviour towards the writer.
    case receiver
    /// The words name no one the stance can come from ("it is not my fault").
    case unknown
}

/// The other person a clause names, as a reply should refer to them.
///
/// Prompts refer to the other person with `{they}`, `{them}` and `{their}`; for "he never
/// listens to me" those read "he", "him" and "his", so the question names the same person as
/// the reflected clause. Anything Haven cannot tell stays "they".
package struct OtherPerson: Sendable, Equatable {
    package let subject: String
    package let object: String
    package let possessive: String

    package static let they = OtherPerson(subject: "they", object: "them", possessive: "their")
    static let he = OtherPerson(subject: "he", object: "him", possessive: "his")
    static let she = OtherPerson(subject: "she", object: "her", possessive: "her")

    /// "my husband" in the message is "your husband" in the reply.
    static func named(_ noun: String) -> OtherPerson {
        OtherPerson(subject: "your \(noun)", object: "your \(noun)", possessive: "your \(noun)'s")
    }

    /// The placeholders a prompt may use for the other person.
    package static let placeholders = ["they", "them", "their"]

    /// The words for one of ``placeholders``, or nil for any other name.
    package func value(_ placeholder: String) -> String? {
        switch placeholder {
        case "they": subject
        case "them": object
        case "their": possessive
        default: nil
        }
    }
}

extension RuleSet {
    /// The stance of each detected pattern of `analysis`, in the order of its `patterns`.
    package func stances(of analysis: Analysis) -> [Stance] {
        analysis.patterns.map { stance(of: $0, in: analysis.text) }
    }

    /// The stance of a pattern: that of its first evidence whose stance is known.
    package func stance(of pattern: PatternMatch, in text: NormalizedText) -> Stance {
        for evidence in pattern.evidence {
            let found = stance(of: evidence, in: text)
            if found != .unknown { return found }
        }
        return .unknown
    }

    /// The stance of one rule match: the rule's `stance:` when it sets one, else the person of
    /// the matched words (see ``StanceReader``).
    package func stance(of evidence: Evidence, in text: NormalizedText) -> Stance {
        if let fixed = checkRules.stanceOverrides[evidence.ruleID] { return fixed }
        return StanceReader.witness(for: evidence.tokens, in: text)?.stance ?? .unknown
    }

    /// Who the reply should refer to for the top pattern of `analysis`: the person its clause
    /// names when the writer is on the receiving end, else "they".
    package func otherPerson(in analysis: Analysis) -> OtherPerson {
        guard let top = analysis.top else { return .they }
        return otherPerson(for: top, stance: stance(of: top, in: analysis.text), in: analysis.text)
    }

    /// ``otherPerson(in:)`` for a pattern whose stance is known (a reply reads it once for both).
    func otherPerson(for top: PatternMatch, stance: Stance, in text: NormalizedText) -> OtherPerson {
        guard stance == .receiver, let evidence = top.evidence.first,
            checkRules.stanceOverrides[evidence.ruleID] == nil,
            let witness = StanceReader.witness(for: evidence.tokens, in: text)
        else { return .they }
        return witness.person
    }
}

/// Reads the person of matched words from the normalised tokens, so "you're", "ur" and "u"
/// (which the normaliser expands to "you are", "your", "you") and "bf" ("boyfriend") count.
enum StanceReader {
    struct Witness {
        let stance: Stance
        let person: OtherPerson
    }

    static let secondPerson: Set<String> = ["you", "your", "yours", "yourself", "yourselves"]
    static let thirdPerson: [String: OtherPerson] = [
        "he": .he, "him": .he, "his": .he, "himself": .he,
        "she": .she, "her": .she, "hers": .she, "herself": .she,
        "they": .they, "them": .they, "their": .they, "theirs": .they, "themselves": .they,
    ]
    /// Nouns for a partner; they name the other person after "my" or "our" ("my husband").
    static let partnerNouns: Set<String> = [
        "partner", "husband", "wife", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "spouse",
        "ex",
    ]

    /// The word that decides the stance of `match`: the first person word inside the match,
    /// else the nearest one before it in the same clause (the subject of "…ignores me"), else
    /// the first one after it ("I walk on eggshells around him").
    static func witness(for match: Range<Int>, in text: NormalizedText) -> Witness? {
        guard !match.isEmpty, match.upperBound <= text.tokens.count else { return nil }
        for index in match {
            if let found = witness(at: index, in: text) { return found }
        }
        let clause = text.clauseRange(containing: match.lowerBound)
        for index in (clause.lowerBound..<match.lowerBound).reversed() {
            if let found = witness(at: index, in: text) { return found }
        }
        for index in match.upperBound..<clause.upperBound {
            if let found = witness(at: index, in: text) { return found }
        }
        return nil
    }

    private static func witness(at index: Int, in text: NormalizedText) -> Witness? {
        guard !text.tokens[index].isBreak else { return nil }
        let word = text.text(of: index..<(index + 1))
        if secondPerson.contains(word) { return Witness(stance: .speaker, person: .they) }
        if let person = thirdPerson[word] { return Witness(stance: .receiver, person: person) }
        if partnerNouns.contains(word), index > 0, !text.tokens[index - 1].isBreak {
            let before = text.text(of: (index - 1)..<index)
            if before == "my" || before == "our" {
                // "my ex husband" is one person: name both words.
                let next =
                    index + 1 < text.tokens.count && !text.tokens[index + 1].isBreak
                    ? text.text(of: (index + 1)..<(index + 2)) : ""
                let noun = word == "ex" && partnerNouns.contains(next) ? "ex \(next)" : word
                return Witness(stance: .receiver, person: .named(noun))
            }
        }
        return nil
    }
}

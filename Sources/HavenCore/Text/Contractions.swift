/// English contractions, so that "don't", "dont" and "do not" read alike.
enum Contractions {
    /// Forms written without the apostrophe that are not words in their own right.
    static let withoutApostrophe: [String: String] = [
        "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not", "cannot": "can not",
        "wont": "will not", "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
        "havent": "have not", "hasnt": "has not", "hadnt": "had not", "wouldnt": "would not",
        "couldnt": "could not", "shouldnt": "should not", "mustnt": "must not", "aint": "is not",
        "youre": "you are", "youve": "you have", "youll": "you will", "im": "i am", "ive": "i have",
        "theyre": "they are", "theyve": "they have", "weve": "we have", "thats": "that is",
        "whats": "what is", "shes": "she is", "hes": "he is",
    ]

    /// Everyday contractions with their apostrophe ("you're", "don't"), expanded once here by
    /// ``expand(_:)`` itself: the normaliser finds them with one table lookup instead of building
    /// strings per word, and rarer forms still go through ``expand(_:)``.
    static let withApostrophe: [String: String] = {
        let pronouns = [
            "i", "you", "he", "she", "it", "we", "they", "that", "what", "there", "who", "here", "how", "where", "let",
        ]
        let auxiliaries = [
            "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "would", "could", "should", "must",
            "need", "might",
            "ca", "wo", "sha", "ai",
        ]
        var forms: [String: String] = [:]
        for pronoun in pronouns {
            for suffix in ["re", "m", "ve", "ll", "d", "s"] {
                forms[pronoun + "'" + suffix] = expand(pronoun + "'" + suffix)
            }
        }
        for auxiliary in auxiliaries { forms[auxiliary + "n't"] = expand(auxiliary + "n't") }
        return forms
    }()

    /// Pronouns and adverbs whose "'s" means "is" rather than a possessive.
    private static let isContractors: Set<String> = [
        "he", "she", "it", "that", "what", "there", "here", "who", "where", "how", "when", "this", "everything",
        "nothing", "something", "everyone", "nobody", "somebody", "everybody",
    ]

    private static let irregularNegatives: [String: String] = [
        "can't": "can not", "won't": "will not", "shan't": "shall not", "ain't": "is not",
    ]

    /// Expands one lower-case word that holds an apostrophe; returns it unchanged when no rule applies.
    static func expand(_ word: String) -> String {
        if let irregular = irregularNegatives[word] { return irregular }
        if word.hasSuffix("n't") { return String(word.dropLast(3)) + " not" }
        guard let apostrophe = word.lastIndex(of: "'") else { return word }
        let base = String(word[..<apostrophe])
        let suffix = word[word.index(after: apostrophe)...]
        switch suffix {
        case "re": return base + " are"
        case "m": return base + " am"
        case "ve": return base + " have"
        case "ll": return base + " will"
        case "d": return base + " would"
        case "s":
            if base == "let" { return "let us" }
            return isContractors.contains(base) ? base + " is" : base
        default: return word
        }
    }
}

/// Turns a person's words around, ELIZA-style, so a prompt can hand them back.
///
/// "he never listens to me" becomes "he never listens to you"; words addressed to a
/// partner ("you never listen to me") become "they never listen to you", since Haven is
/// not the "you" the person means. The original spelling and case are kept for every
/// word that is not swapped.
package enum Reflector {
    /// The longest reflection, in words; longer clauses are cut after the match.
    package static let maxWords = 16

    private static let firstPerson: [String: String] = [
        "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're", "im": "you're",
        "i've": "you've", "ive": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are",
        // "We" is the person and their partner: Haven hands it back as "you".
        "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves", "we're": "you're",
        "we've": "you've", "we'll": "you'll",
    ]
    private static let secondPerson: [String: String] = [
        "your": "their", "yours": "theirs", "yourself": "themselves", "you're": "they're", "youre": "they're",
        "you've": "they've", "youve": "they've", "you'll": "they'll", "you'd": "they'd", "ur": "their",
        "u": "they",
    ]
    /// Words before which "you" is the subject ("you never…", "you are…").
    private static let subjectFollowers: Set<String> = [
        "are", "were", "have", "had", "do", "did", "does", "never", "always", "just", "don't", "dont", "didn't",
        "didnt",
        "can", "can't", "cant", "could", "would", "will", "won't", "should", "make", "made", "keep", "kept", "say",
        "said",
        "think", "act", "treat", "ignore", "ignored", "really", "constantly", "only", "still", "even", "walk", "leave",
        "left", "talk", "look", "get", "go", "want", "need", "know", "care", "put", "take", "took", "is", "was", "not",
    ]
    /// Words after which "you" is still the subject.
    private static let clauseOpeners: Set<String> = [
        "and", "but", "or", "because", "cause", "cuz", "that", "when", "whenever", "if", "so", "why", "how", "what",
        "where", "then", "until", "while", "as", "like", "since", "though", "although",
    ]
    /// Words that lose their capital when they open a reflection.
    private static let lowerWhenFirst: Set<String> = [
        "he", "she", "they", "we", "it", "my", "the", "a", "an", "when", "every", "always", "never", "his", "her",
        "their",
        "our", "this", "that", "there", "nobody", "everyone", "someone", "sometimes", "and", "but", "so",
    ]

    /// First- and second-person words and what they become: one lookup for the usual case of
    /// a word that is neither (the two tables share no key).
    private static let swaps: [String: String] = firstPerson.merging(secondPerson) { first, _ in first }

    /// The reflected words of `range` in `text`, at most ``maxWords`` of them.
    ///
    /// Builds the result in one string: a batch run reflects once per message.
    package static func reflect(_ text: NormalizedText, _ range: Range<Int>) -> String {
        // Tokens from one contraction share their source: take each source word once.
        var words: [Substring] = []
        words.reserveCapacity(Swift.min(range.count, maxWords))
        var lastStart: Int32 = -1
        for index in range where !text.tokens[index].isBreak {
            let token = text.tokens[index]
            if token.originalStart == lastStart { continue }
            lastStart = token.originalStart
            words.append(text.originalText(of: index..<(index + 1)))
            if words.count == maxWords { break }
        }
        let shouting = words.allSatisfy(hasNoLowercase) && words.contains { $0.contains { $0.isLetter } }
        let foldedWords = words.map(fold)
        var reportedFrom = reportedSpeechStart(foldedWords)
        var output = ""
        // Room for the words as written plus a little for swaps that grow ("I" → "you").
        output.reserveCapacity(words.reduce(words.count + 8) { $0 + $1.utf8.count })
        var previous: String?
        for (index, word) in words.enumerated() {
            let folded = foldedWords[index]
            let next = index + 1 < words.count ? foldedWords[index + 1] : nil
            if index > 0 { output.append(" ") }
            if index == reportedFrom, reportedWords[folded] == nil {
                // Reported words that do not open with "you" may be indirect ("says I don't care"):
                // turn them around as usual.
                reportedFrom = -1
            }
            if reportedFrom >= 0, index >= reportedFrom, let kept = reportedWords[folded] {
                // A third person's words about the writer: their "you" is the writer, who is "you" here too.
                output += kept
            } else if folded == "you" {
                let isSubject =
                    previous == nil || clauseOpeners.contains(previous!) || next.map(subjectFollowers.contains) == true
                output += isSubject ? "they" : "them"
            } else if folded == "was", previous == "i" {
                output += "were"
            } else if let swapped = swaps[folded] {
                output += swapped
            } else if shouting {
                output += folded
            } else if index == 0, lowerWhenFirst.contains(beforeApostrophe(folded)) {
                output += word.prefix(1).lowercased()
                output += word.dropFirst()
            } else {
                output += word
            }
            previous = folded
        }
        return output
    }
}

extension Reflector {
    /// Verbs that report what someone said; "told me" and the like are handled by skipping "me".
    static let reportingVerbs: Set<String> = [
        "say", "says", "said", "saying", "tell", "tells", "told", "telling", "yell", "yells", "yelled", "yelling",
        "scream",
        "screams", "screamed", "screaming", "shout", "shouts", "shouted", "shouting", "text", "texts", "texted", "call",
        "calls",
        "called", "calling", "insist", "insists", "insisted", "claim", "claims", "claimed",
    ]
    /// Speakers whose reported words are not a third person's.
    static let firstOrSecondPerson: Set<String> = ["you", "u", "i", "we", "i'm", "im"]
    /// Second-person words inside a third person's reported words: they stay as they are.
    static let reportedWords: [String: String] = [
        "you": "you", "u": "you", "your": "your", "ur": "your", "yours": "yours", "yourself": "yourself",
        "you're": "you're",
        "youre": "you're", "you've": "you've", "youve": "you've", "you'll": "you'll", "you'd": "you'd",
    ]

    /// Where the words someone else reports about the writer begin ("my husband keeps saying
    /// you never…"), or -1. Only for a third-person speaker: in "you said you would call" both
    /// are the partner, and in "I said you…" the writer spoke.
    static func reportedSpeechStart(_ words: [String]) -> Int {
        for (index, word) in words.enumerated() where reportingVerbs.contains(word) {
            let speaker = words[max(0, index - 3)..<index]
            guard !speaker.isEmpty, !speaker.contains(where: firstOrSecondPerson.contains) else { continue }
            var start = index + 1
            if start < words.count, ["me", "us", "that"].contains(words[start]) { start += 1 }
            if start < words.count, words[start] == "that" { start += 1 }
            return start < words.count ? start : -1
        }
        return -1
    }

    /// A word lower-cased with its apostrophes made straight; plain words (see ``isPlain(_:)``)
    /// skip Unicode case mapping and are written straight into the string, which keeps most
    /// of them in its inline storage: no allocation.
    static func fold(_ word: Substring) -> String {
        let plain: String?? = word.utf8.withContiguousStorageIfAvailable { bytes in
            guard isPlain(bytes) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var count = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        index += 1
                    } else {
                        buffer[count] = UInt8(ascii: "'")
                        index += apostropheLength(bytes, at: index)
                    }
                    count += 1
                }
                return count
            }
        }
        if let folded = plain ?? nil { return folded }
        return word.lowercased().replacingApostrophes
    }

    /// Whether a word's UTF-8 is only ASCII and the apostrophes that ``fold(_:)`` straightens.
    ///
    /// Each of those is a character of its own (none combines with its neighbours), so such a
    /// word can be folded and checked for case byte by byte with the same result as Unicode
    /// case mapping: a third of the words with a non-ASCII byte in a batch were "don’t" and kin.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
            } else {
                let length = apostropheLength(bytes, at: index)
                guard length > 0 else { return false }
                index += length
            }
        }
        return true
    }

    /// The length of the UTF-8 for U+2018, U+2019 or U+02BC at `index`, or 0 for anything else.
    static func apostropheLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
            bytes[index + 2] == 0x98 || bytes[index + 2] == 0x99
        {
            return 3
        }
        if bytes[index] == 0xCA, index + 1 < bytes.count, bytes[index + 1] == 0xBC { return 2 }
        return 0
    }

    /// The first apostrophe-free part of a folded word ("he's" → "he"), or the word itself when
    /// it is all apostrophes: what `split(separator: "'").first` gives, without the array.
    static func beforeApostrophe(_ folded: String) -> String {
        // No apostrophe byte, no apostrophe character: the usual case needs no character walk.
        guard folded.utf8.contains(UInt8(ascii: "'")) else { return folded }
        let head = folded.drop { $0 == "'" }.prefix { $0 != "'" }
        return head.isEmpty ? folded : String(head)
    }

    static func hasNoLowercase(_ word: Substring) -> Bool {
        let plain: Bool?? = word.utf8.withContiguousStorageIfAvailable { bytes in
            isPlain(bytes) ? !bytes.contains { $0 >= 0x61 && $0 <= 0x7A } : nil
        }
        if let answer = plain ?? nil { return answer }
        return !word.contains { $0.isLowercase }
    }
}

extension StringProtocol {
    var replacingApostrophes: String {
        String(map { $0 == "\u{2019}" || $0 == "\u{2018}" || $0 == "\u{02BC}" ? "'" : $0 })
    }
}

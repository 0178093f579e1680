/// How often a word turns up in everyday messages, roughly: for choosing which slot of a slotted
/// phrase starts its check (``GapPhrase/trigger``).
///
/// Matching finds the same phrases whichever slot starts the check, but every match of the
/// starting slot's words wakes the phrase, so a slot of words like "you" or "the" makes the phrase
/// cost something on nearly every message. Slot use counts alone cannot tell "the" from "bruises".
enum CommonWords {
    /// Words in most messages.
    static let veryCommon: Set<String> = [
        "i", "you", "the", "a", "an", "to", "and", "me", "my", "it", "is", "was", "so", "just", "do", "not", "that", "of",
        "in", "he", "she", "they", "we", "be", "have", "this", "but", "for", "on", "with", "are", "am", "at", "what",
        "your", "his", "her", "him", "them", "us", "our", "their", "been", "did", "does", "had", "has", "would", "will",
        "can", "if", "or", "no", "all", "about", "like", "get", "up", "out", "there", "then", "now", "really", "mean",
        "know", "one", "how", "when", "were", "want", "go", "going", "think", "feel", "said", "says", "say", "never",
        "always", "too", "very", "more", "again", "even", "because", "time", "here", "ok", "okay", "yes", "look", "got",
        "make", "made", "could", "should", "from", "by", "as", "some", "any", "who", "why", "where", "which", "its",
    ]

    /// 2 for a word in most messages, 0 otherwise; a run of words is as rare as its rarest word.
    static func commonness(ofWords text: some Sequence<UInt8>) -> Int {
        var rarest = Int.max
        var word: [UInt8] = []
        func finish() {
            guard !word.isEmpty else { return }
            rarest = min(rarest, veryCommon.contains(String(decoding: word, as: UTF8.self)) ? 2 : 0)
            word.removeAll(keepingCapacity: true)
        }
        for byte in text {
            if byte == UInt8(ascii: " ") { finish() } else { word.append(byte) }
        }
        finish()
        return rarest == Int.max ? 0 : rarest
    }
}

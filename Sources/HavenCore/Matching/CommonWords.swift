/// How often a word turns up in everyday messages, roughly: for choosing which slot of a slotted
/// phrase starts its check (``GapPhrase/trigger``).
///
/// Matching finds the same phrases whichever slot starts the check, but every match of the
/// starting slot's words wakes the phrase, so a slot of words like "you" or "the" makes the phrase
/// cost something on nearly every message. Slot use counts alone cannot tell "the" from "bruises".
enum CommonWords {
    /// Words in most messages.
    static let veryCommon: Set<String> = [
        "i", "you", "the", "a", "an", "to", "and", "me", "my", "it", "is", "was", "so", "just", "do", "not", "that",
        "of",
        "in", "he", "she", "they", "we", "be", "have", "this", "but", "for", "on", "with", "are", "am", "at", "what",
        "your", "his", "her", "him", "them", "us", "our", "their", "been", "did", "does", "had", "has", "would", "will",
        "can", "if", "or", "no", "all", "about", "like", "get", "up", "out", "there", "then", "now", "really", "mean",
        "know", "one", "how", "when", "were", "want", "go", "going", "think", "feel", "said", "says", "say", "never",
        "always", "too", "very", "more", "again", "even", "because", "time", "here", "ok", "okay", "yes", "look", "got",
        "make", "made", "could", "should", "from", "by", "as", "some", "any", "who", "why", "where", "which", "its",
    ]

    /// 2 for a single word in most messages, 1 for a run of such words ("you are": side by side
    /// they are rarer than each alone), 0 when any word is less common.
    static func commonness(ofWords text: some Sequence<UInt8>) -> Int {
        var words = 0
        var allCommon = true
        var word: [UInt8] = []
        func finish() {
            guard !word.isEmpty else { return }
            words += 1
            if !veryCommon.contains(String(decoding: word, as: UTF8.self)) { allCommon = false }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text {
            if byte == UInt8(ascii: " ") { finish() } else { word.append(byte) }
        }
        finish()
        guard words > 0, allCommon else { return 0 }
        return words == 1 ? 2 : 1
    }
}

/// "Did you mean …?" hints for misspelt keys and ids.
package enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let lowerWord = word.lowercased()
            let lowerCandidate = candidate.lowercased()
            // "listening" for "listen": a shared stem is as good as a small typo.
            let stem =
                lowerWord.count >= 4 && lowerCandidate.count >= 4
                && (lowerWord.hasPrefix(lowerCandidate) || lowerCandidate.hasPrefix(lowerWord))
            let distance = stem ? 1 : editDistance(lowerWord, lowerCandidate)
            if distance <= max(2, candidate.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The " (did you mean 'x'?)" suffix, or "".
    static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The Levenshtein distance: how many letters to insert, delete or replace to turn one word into the other.
    package static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

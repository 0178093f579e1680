import Testing

@testable import HavenCore

struct AhoCorasickTests {
    @Test func reportsEveryOccurrenceOfOverlappingPatterns() {
        let patterns = ["he", "she", "his", "hers"].map { Array($0.utf8) }
        let automaton = AhoCorasick(patterns: patterns, alphabetSize: 256, denseThreshold: 6)
        var found: [String] = []
        automaton.scan(Array("ushers".utf8)) { pattern, start, end in
            found.append("\(pattern)@\(start)-\(end)")
        }
        #expect(found.sorted() == ["0@2-4", "1@1-4", "3@2-6"].sorted())
    }

    /// A small alphabet gives long failure chains; a wide one with many patterns gives states
    /// with enough children to be stored as dense rows.
    @Test(arguments: [("ab c", 8), ("abcdefghij ", 60)])
    func agreesWithANaiveSearchOnRandomText(letters: String, maxPatterns: Int) {
        var generator = SplitMix(seed: 42)
        let alphabet = Array(letters.utf8)
        for _ in 0..<200 {
            let patterns = (0..<Int.random(in: 1...maxPatterns, using: &generator)).map { _ in
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            let text = (0..<60).map { _ in alphabet.randomElement(using: &generator)! }
            var fast: [[Int]] = []
            AhoCorasick(patterns: patterns, alphabetSize: 256, denseThreshold: 6).scan(text) {
                fast.append([$0, $1, $2])
            }
            #expect(fast.sorted { $0.lexicographicallyPrecedes($1) } == naiveMatches(of: patterns, in: text))
        }
    }
}

/// The same automaton over word numbers: states with dozens of children (searched by halves).
struct WordSymbolTests {
    @Test func agreesWithANaiveSearchWhenStatesHaveManyChildren() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<100 {
            let patterns: [[UInt32]] = (0..<Int.random(in: 1...120, using: &generator)).map { _ in
                (0..<Int.random(in: 1...3, using: &generator)).map { _ in UInt32.random(in: 1...40, using: &generator) }
            }
            let text: [UInt32] = (0..<80).map { _ in UInt32.random(in: 1...40, using: &generator) }
            var fast: [[Int]] = []
            AhoCorasick<UInt32>(patterns: patterns, alphabetSize: 41).withCursor { cursor in
                for index in text.indices {
                    cursor.advance(text[index])
                    cursor.forEachMatch { fast.append([$0, index + 1 - $1, index + 1]) }
                }
            }
            #expect(fast.sorted { $0.lexicographicallyPrecedes($1) } == naiveMatches(of: patterns, in: text))
        }
    }
}

/// Every occurrence of every pattern as `[pattern, start, end]`, found the slow way, sorted.
func naiveMatches<Symbol: Equatable>(of patterns: [[Symbol]], in text: [Symbol]) -> [[Int]] {
    var found: [[Int]] = []
    for end in 1...text.count {
        for (id, pattern) in patterns.enumerated()
        where pattern.count <= end && Array(text[(end - pattern.count)..<end]) == pattern {
            found.append([id, end - pattern.count, end])
        }
    }
    return found.sorted { $0.lexicographicallyPrecedes($1) }
}

/// A small seeded generator so property tests are repeatable.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import Testing

@testable import HavenCore

/// Phrases matched word by word must find exactly what a byte search for `" w1 w2 "` finds.
struct WordAutomatonTests {
    @Test func findsWhatAByteSearchFindsAsTokenRanges() {
        var generator = SplitMix(seed: 11)
        let words = ["you", "never", "listen", "to", "me", "he", "always", "😔", "don't", "|"]
        let normalizer = Normalizer()
        for _ in 0..<200 {
            let phrases: [[UInt8]] = (0..<Int.random(in: 1...30, using: &generator)).map { _ in
                let count = Int.random(in: 1...3, using: &generator)
                let phrase = (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
                return Array(" \(phrase) ".utf8)
            }
            let distinct = Array(Set(phrases)).sorted { $0.lexicographicallyPrecedes($1) }
            let message = (0..<25).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            let text = normalizer.normalize(message.replacingOccurrences(of: "|", with: ","))
            var found: [[Int]] = []
            WordAutomaton(patterns: distinct).scan(text) { found.append([$0, $1.lowerBound, $1.upperBound]) }
            var expected: [[Int]] = []
            AhoCorasick(patterns: distinct, alphabetSize: 256).scan(text.bytes) { pattern, start, end in
                expected.append([pattern, text.tokenIndex(atByte: start + 1), text.tokenIndex(atByte: end - 2) + 1])
            }
            #expect(found == expected, "\(message)")
        }
    }

    @Test func numbersOnlyThePhrasesWords() {
        let automaton = WordAutomaton(patterns: [" you never ", " never listen "].map { Array($0.utf8) })
        let vocabulary = automaton.vocabulary
        #expect(vocabulary.count == 3)
        #expect(vocabulary.id(of: Array("you".utf8)[...]) == 1)
        #expect(vocabulary.id(of: Array("listen".utf8)[...]) == 3)
        #expect(vocabulary.id(of: Array("listens".utf8)[...]) == 0)
        #expect(vocabulary.id(of: Array("yo".utf8)[...]) == 0)
        #expect(
            Vocabulary(restoring: vocabulary.words.bytes, ends: vocabulary.words.ends)?.id(of: Array("never".utf8)[...])
                == 2)
        // Words longer than the eight bytes a bucket keeps are told apart by the rest.
        let long = Vocabulary(["understand", "understands", "understanding", "undersigned"].map { Array($0.utf8) })
        for (word, id) in [
            ("understand", 1), ("understands", 2), ("understanding", 3), ("undersigned", 4), ("understandable", 0),
            ("understood", 0),
        ] {
            #expect(long.id(of: Array(word.utf8)[...]) == Int32(id), "\(word)")
        }
        #expect(Vocabulary(restoring: vocabulary.words.bytes, ends: [3, 3, 14]) == nil)
    }
}

import Testing

@testable import HavenCore

/// The plain trie (the first build step) on its own: one state per distinct prefix, each
/// pattern's output where it ends, failure links to the longest proper suffix that is a path.
struct TrieBuilderTests {
    @Test func buildsOneStatePerPrefixWithFailureLinksToTheLongestSuffix() {
        let patterns = ["he", "she", "his", "hers"].map { Array($0.utf8) }
        let trie = TrieBuilder(patterns: patterns, alphabetSize: 256)
        // Root, h, he, her, hers, hi, his, s, sh, she.
        #expect(trie.stateCount == 10)
        func state(_ path: String) -> Int {
            var state = 0
            for byte in path.utf8 {
                var child = Int(trie.firstChild[state])
                while child >= 0, trie.label[child] != byte { child = Int(trie.nextSibling[child]) }
                if child < 0 { return -1 }
                state = child
            }
            return state
        }
        func outputs(_ path: String) -> [Int32] {
            let at = state(path)
            return Array(trie.outputs[Int(trie.outputStart[at])..<Int(trie.outputStart[at + 1])])
        }
        #expect(outputs("he") == [0])
        #expect(outputs("she") == [1])
        #expect(outputs("hers") == [3])
        #expect(outputs("her").isEmpty)
        #expect(Int(trie.fail[state("she")]) == state("he"))
        #expect(Int(trie.fail[state("sh")]) == state("h"))
        #expect(Int(trie.fail[state("his")]) == state("s"))
        #expect(Int(trie.fail[state("hers")]) == state("s"))
        #expect(trie.fail[state("her")] == 0)
        #expect(trie.breadthFirst.count == trie.stateCount - 1)
    }

    @Test func packingKeepsEveryState() {
        let patterns = ["he", "she", "his", "hers"].map { Array($0.utf8) }
        let trie = TrieBuilder(patterns: patterns, alphabetSize: 256)
        #expect(AhoCorasick(packing: trie, denseThreshold: 6).stateCount == trie.stateCount)
    }
}

/// The words that occur in any rule phrase, each with a small number, looked up straight from a
/// normalised message's bytes.
///
/// The phrase automaton steps once per word instead of once per byte; this table turns each
/// word of a message into its number (0 for a word no phrase uses). Open addressing, at most
/// half full, so probes stay within a cache line or two; each bucket holds the word's length
/// and first eight bytes, so a lookup of a short word touches one bucket and nothing else (the
/// word list is read only for longer words).
struct Vocabulary: Sendable {
    /// The words; word `i` (numbered from 1) is `words[i - 1]`.
    let words: LiteralTable
    private let buckets: [Bucket]
    private let mask: Int

    private struct Bucket {
        /// The word's first eight bytes, zero-padded.
        var prefix: UInt64 = 0
        /// The word's number, or 0 for an empty bucket.
        var id: Int32 = 0
        var length: Int32 = 0
    }

    /// Number of words (the largest id).
    var count: Int { words.count }

    /// A table of `words` numbered 1, 2, … in the given order (the words must be distinct).
    init(_ words: [[UInt8]]) {
        self.init(LiteralTable(words))
    }

    /// Restores a saved word list; nil unless it is well formed and has no empty word.
    init?(restoring bytes: [UInt8], ends: [Int32]) {
        guard let words = LiteralTable(bytes: bytes, ends: ends), (0..<words.count).allSatisfy({ !words[$0].isEmpty })
        else { return nil }
        self.init(words)
    }

    private init(_ words: LiteralTable) {
        self.words = words
        var size = 16
        while size < words.count * 2 { size *= 2 }
        var buckets = [Bucket](repeating: Bucket(), count: size)
        for index in 0..<words.count {
            words[index].withUnsafeBufferPointer { word in
                let prefix = Self.prefix(word)
                var bucket = Self.bucket(prefix, word.count) & (size - 1)
                while buckets[bucket].id != 0 { bucket = (bucket + 1) & (size - 1) }
                buckets[bucket] = Bucket(prefix: prefix, id: Int32(index + 1), length: Int32(word.count))
            }
        }
        self.buckets = buckets
        mask = size - 1
    }

    /// The number of a word, or 0 when no phrase uses it.
    func id(of word: ArraySlice<UInt8>) -> Int32 {
        word.withUnsafeBufferPointer { id(of: $0) }
    }

    /// The number of a word, or 0 when no phrase uses it.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let prefix = Self.prefix(word)
        return buckets.withUnsafeBufferPointer { buckets in
            var bucket = Self.bucket(prefix, word.count) & mask
            while true {
                let entry = buckets[bucket]
                if entry.id == 0 { return 0 }
                if entry.prefix == prefix, Int(entry.length) == word.count,
                    word.count <= 8 || restMatches(word, entry.id)
                {
                    return entry.id
                }
                bucket = (bucket &+ 1) & mask
            }
        }
    }

    /// Whether bytes 8… of `word` equal those of word `id` (of the same length).
    private func restMatches(_ word: UnsafeBufferPointer<UInt8>, _ id: Int32) -> Bool {
        words[Int(id) - 1].withUnsafeBufferPointer { stored in (8..<word.count).allSatisfy { stored[$0] == word[$0] } }
    }

    /// The first eight bytes of a word as one number, zero-padded.
    @inline(__always)
    private static func prefix(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        for index in 0..<min(word.count, 8) { prefix |= UInt64(word[index]) << (8 * UInt64(index)) }
        return prefix
    }

    /// A bucket from the prefix and length (a multiply mixes them; longer words that share a
    /// prefix only share a probe chain).
    @inline(__always)
    private static func bucket(_ prefix: UInt64, _ length: Int) -> Int {
        Int(truncatingIfNeeded: ((prefix ^ UInt64(length) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9) >> 32)
    }
}

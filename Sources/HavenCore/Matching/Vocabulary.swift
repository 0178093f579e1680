/// The words that occur in any rule phrase, each with a small number, looked up straight from a
/// normalised message's bytes.
///
/// The phrase automaton steps once per word instead of once per byte; this table turns each
/// word of a message into its number (0 for a word no phrase uses). Open addressing over
/// FNV-1a hashes, at most a quarter full, so a lookup is one hash and usually one probe.
struct Vocabulary: Sendable {
    /// The words end to end; word `i` (numbered from 1) is `bytes[ends[i - 2]..<ends[i - 1]]`.
    let bytes: [UInt8]
    let ends: [Int32]
    private let buckets: [Bucket]
    private let mask: Int

    private struct Bucket {
        var hash: UInt32 = 0
        /// The word's number, or 0 for an empty bucket.
        var id: Int32 = 0
    }

    /// Number of words (the largest id).
    var count: Int { ends.count }

    /// A table of `words` numbered 1, 2, … in the given order (the words must be distinct).
    init(_ words: [[UInt8]]) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        for word in words {
            bytes += word
            ends.append(Int32(bytes.count))
        }
        self.init(bytes: bytes, ends: ends)
    }

    /// Restores a saved table; nil unless the ends rise (no empty word) to the end of the bytes.
    init?(restoring bytes: [UInt8], ends: [Int32]) {
        guard zip([0] + ends, ends).allSatisfy({ $0 < $1 }), Int(ends.last ?? 0) == bytes.count else { return nil }
        self.init(bytes: bytes, ends: ends)
    }

    private init(bytes: [UInt8], ends: [Int32]) {
        self.bytes = bytes
        self.ends = ends
        var size = 16
        while size < ends.count * 4 { size *= 2 }
        var buckets = [Bucket](repeating: Bucket(), count: size)
        var start = 0
        for (index, end) in ends.enumerated() {
            let hash = Self.hash(bytes[start..<Int(end)])
            var bucket = Int(hash) & (size - 1)
            while buckets[bucket].id != 0 { bucket = (bucket + 1) & (size - 1) }
            buckets[bucket] = Bucket(hash: hash, id: Int32(index + 1))
            start = Int(end)
        }
        self.buckets = buckets
        mask = size - 1
    }

    /// The bytes of word `id` in ``bytes``.
    func range(of id: Int) -> Range<Int> { (id == 1 ? 0 : Int(ends[id - 2]))..<Int(ends[id - 1]) }

    /// The number of a word, or 0 when no phrase uses it.
    func id(of word: ArraySlice<UInt8>) -> Int32 {
        word.withUnsafeBufferPointer { id(of: $0) }
    }

    /// The number of a word, or 0 when no phrase uses it.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(word)
        return buckets.withUnsafeBufferPointer { buckets in
            var bucket = Int(hash) & mask
            while true {
                let entry = buckets[bucket]
                if entry.id == 0 { return 0 }
                if entry.hash == hash {
                    let id = Int(entry.id)
                    let start = id == 1 ? 0 : Int(ends[id - 2])
                    let end = Int(ends[id - 1])
                    if end - start == word.count, bytes.withUnsafeBufferPointer({ stored in
                        (0..<word.count).allSatisfy { stored[start &+ $0] == word[$0] }
                    }) {
                        return entry.id
                    }
                }
                bucket = (bucket &+ 1) & mask
            }
        }
    }

    /// FNV-1a folded to 32 bits: the same in every run, so a saved table stays valid.
    @inline(__always)
    static func hash(_ word: some Collection<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in word {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }
}

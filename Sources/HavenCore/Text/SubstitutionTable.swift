/// Whole-word replacements looked up straight from the normaliser's byte buffer, without allocating.
///
/// Open addressing over the words' FNV-1a hashes: the normaliser asks once per word of every
/// message, and a `Dictionary` re-hashed each key with SipHash on top.
struct SubstitutionTable: Sendable {
    private let keys: [[UInt8]]
    private let values: [[UInt8]]
    private let hashes: [UInt64]
    /// Indices into `keys`, or -1 for an empty bucket; at most half full.
    private let buckets: [Int32]
    private let mask: Int
    /// Per word length (up to 16), a bit for each first letter some key has (its low five bits):
    /// most words of a message are no key's length and letter, and skip the hash and the probe.
    private let firstLetters: [UInt32]

    init(_ entries: [String: String]) {
        let sorted = entries.sorted { $0.key < $1.key }
        keys = sorted.map { Array($0.key.utf8) }
        values = sorted.map { Array($0.value.utf8) }
        hashes = keys.map { StableHash.fnv1a($0) }
        var size = 16
        while size < keys.count * 2 { size *= 2 }
        var buckets = [Int32](repeating: -1, count: size)
        for index in keys.indices {
            var bucket = Int(truncatingIfNeeded: hashes[index]) & (size - 1)
            while buckets[bucket] >= 0 { bucket = (bucket + 1) & (size - 1) }
            buckets[bucket] = Int32(index)
        }
        self.buckets = buckets
        mask = size - 1
        var firstLetters = [UInt32](repeating: 0, count: 17)
        for key in keys where key.count <= 16 { firstLetters[key.count] |= 1 << UInt32(key[0] & 31) }
        self.firstLetters = firstLetters
    }

    /// The replacement for the word in `buffer[start...]`, if there is one.
    func lookup(_ buffer: [UInt8], from start: Int) -> [UInt8]? {
        let length = buffer.count - start
        guard length > 0, length <= 16, firstLetters[length] & (1 << UInt32(buffer[start] & 31)) != 0 else {
            return nil
        }
        let word = buffer[start...]
        let hash = StableHash.fnv1a(word)
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(buckets[bucket])
            if index < 0 { return nil }
            if hashes[index] == hash, keys[index].elementsEqual(word) { return values[index] }
            bucket = (bucket + 1) & mask
        }
    }
}

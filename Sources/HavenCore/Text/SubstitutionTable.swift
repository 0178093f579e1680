/// Whole-word replacements looked up straight from the normaliser's byte buffer, without allocating.
struct SubstitutionTable: Sendable {
    private var slots: [UInt64: [(key: [UInt8], value: [UInt8])]] = [:]

    init(_ entries: [String: String]) {
        for (key, value) in entries {
            let keyBytes = Array(key.utf8)
            slots[StableHash.fnv1a(keyBytes), default: []].append((keyBytes, Array(value.utf8)))
        }
    }

    /// The replacement for the word in `buffer[start...]`, if there is one.
    func lookup(_ buffer: [UInt8], from start: Int) -> [UInt8]? {
        guard !slots.isEmpty, buffer.count - start <= 16 else { return nil }
        let word = buffer[start...]
        guard let candidates = slots[StableHash.fnv1a(word)] else { return nil }
        for candidate in candidates where candidate.key.elementsEqual(word) { return candidate.value }
        return nil
    }
}

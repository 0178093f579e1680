/// The automaton's literals end to end in one array: thousands of small arrays would each cost
/// a heap block.
struct LiteralTable: Sendable {
    let bytes: [UInt8]
    /// Where each literal ends in `bytes`.
    let ends: [Int32]

    init(_ literals: [[UInt8]]) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        ends.reserveCapacity(literals.count)
        for literal in literals {
            bytes += literal
            ends.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// Restores a saved table; nil unless the ends rise within the bytes.
    init?(bytes: [UInt8], ends: [Int32]) {
        var previous: Int32 = 0
        for end in ends {
            guard end >= previous else { return nil }
            previous = end
        }
        guard Int(previous) == bytes.count else { return nil }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])]
    }
}

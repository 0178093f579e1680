/// Lists of numbers end to end: list `i` is `values[starts[i]..<starts[i + 1]]` (two heap blocks
/// in all, where an array of arrays costs one per list).
struct FlatLists: Sendable {
    let starts: [Int32]
    let values: [Int32]

    init(_ lists: [[Int32]]) {
        self.init(count: lists.count) { index, values in values += lists[index] }
    }

    /// Restores saved lists; nil unless the starts rise from 0 to the end of `values`.
    init?(restoring starts: [Int32], values: [Int32]) {
        guard starts.first == 0, Int(starts.last ?? -1) == values.count,
            zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 })
        else {
            return nil
        }
        self.starts = starts
        self.values = values
    }

    /// Builds `count` lists, letting `fill(index, &values)` append list `index`'s values.
    init(count: Int, _ fill: (_ index: Int, _ values: inout [Int32]) -> Void) {
        var starts: [Int32] = [0]
        var values: [Int32] = []
        starts.reserveCapacity(count + 1)
        for index in 0..<count {
            fill(index, &values)
            starts.append(Int32(values.count))
        }
        self.starts = starts
        self.values = values
    }

    var count: Int { starts.count - 1 }

    /// Positions in `values` of list `index`.
    func range(of index: Int) -> Range<Int> { Int(starts[index])..<Int(starts[index + 1]) }
}

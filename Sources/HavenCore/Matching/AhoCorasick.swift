/// One Aho–Corasick automaton over every literal of a rule set.
///
/// Built once when rules load; a scan costs amortised O(1) per byte plus one step per
/// reported match, whatever the number of literals. The trie is stored compactly (each state's
/// children as a run of sorted labels), with a dense 256-entry row only for the root and for
/// states with many children, so memory grows with the literals' total length, not with
/// length × alphabet.
struct AhoCorasick: Sendable {
    /// What a scan step reads about a state, in 16 bytes. States are numbered breadth first, so
    /// a state's children are consecutive numbers and their labels sit side by side in `labels`:
    /// finding a child reads a few adjacent bytes instead of chasing sibling links.
    private struct Node {
        /// The first child's number; for a dense state (`childCount < 0`), its row in `denseRows`.
        var firstChild: Int32 = 0
        /// Number of children, or -1 when the children are in a dense 256-entry row.
        var childCount: Int32 = 0
        var fail: Int32 = 0
        /// The nearest state on the failure chain (this one included) that ends a pattern, or -1.
        var outputLink: Int32 = -1
    }

    private let nodes: [Node]
    /// The byte on the edge into each state.
    private let labels: [UInt8]
    private let rootNext: [Int32]
    private let denseRows: [Int32]
    /// Patterns ending exactly at state `s`: `outputs[outputStarts[s]..<outputStarts[s + 1]]`.
    private let outputStarts: [Int32]
    /// Each reported pattern with its length, side by side: one memory access per report.
    private let outputs: [Output]

    private struct Output {
        var pattern: Int32
        var length: Int32
    }
    static let denseThreshold = 6

    /// Number of automaton states (for diagnostics and benchmarks).
    var stateCount: Int { nodes.count }

    /// Builds the automaton; pattern `i` is reported with id `i`.
    init(patterns: [[UInt8]]) {
        // 1. The trie, from the patterns in sorted order so each node's children come out sorted.
        let order = patterns.indices.sorted { patterns[$0].lexicographicallyPrecedes(patterns[$1]) }
        var label: [UInt8] = [0]
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var lastChild: [Int32] = [-1]
        var ends: [(state: Int32, pattern: Int32)] = []
        var path: [Int32] = [0]  // path[d] = node at depth d for the previous pattern
        var previous: [UInt8] = []
        for id in order {
            let pattern = patterns[id]
            var common = 0
            while common < pattern.count, common < previous.count, pattern[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            for depth in common..<pattern.count {
                let parent = Int(path[depth])
                let node = Int32(label.count)
                label.append(pattern[depth])
                firstChild.append(-1)
                nextSibling.append(-1)
                lastChild.append(-1)
                if lastChild[parent] < 0 { firstChild[parent] = node } else { nextSibling[Int(lastChild[parent])] = node }
                lastChild[parent] = node
                path.append(node)
            }
            if !pattern.isEmpty { ends.append((path[pattern.count], Int32(id))) }
            previous = pattern
        }
        let count = label.count

        // 2. Outputs per state.
        ends.sort { $0.state < $1.state }
        var outputStart = [Int32](repeating: 0, count: count + 1)
        for end in ends { outputStart[Int(end.state) + 1] += 1 }
        for state in 0..<count { outputStart[state + 1] += outputStart[state] }
        let outputs = ends.map(\.pattern)

        // 3. Failure links, breadth first.
        func child(_ state: Int, _ byte: UInt8) -> Int32 {
            var cursor = firstChild[state]
            while cursor >= 0 {
                let value = label[Int(cursor)]
                if value == byte { return cursor }
                if value > byte { return -1 }
                cursor = nextSibling[Int(cursor)]
            }
            return -1
        }
        var rootNext = [Int32](repeating: 0, count: 256)
        var fail = [Int32](repeating: 0, count: count)
        var outputLink = [Int32](repeating: -1, count: count)
        var queue: [Int32] = []
        queue.reserveCapacity(count)
        var cursor = firstChild[0]
        while cursor >= 0 {
            rootNext[Int(label[Int(cursor)])] = cursor
            queue.append(cursor)
            cursor = nextSibling[Int(cursor)]
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            outputLink[state] = outputStart[state] < outputStart[state + 1] ? Int32(state) : outputLink[Int(fail[state])]
            var next = firstChild[state]
            while next >= 0 {
                let byte = label[Int(next)]
                var candidate = Int(fail[state])
                var target: Int32 = 0
                while true {
                    if candidate == 0 {
                        target = rootNext[Int(byte)]
                        break
                    }
                    let found = child(candidate, byte)
                    if found >= 0 {
                        target = found
                        break
                    }
                    candidate = Int(fail[candidate])
                }
                fail[Int(next)] = target == next ? 0 : target
                queue.append(next)
                next = nextSibling[Int(next)]
            }
        }

        // 4. Renumber breadth first and pack what a scan step reads.
        var newIndex = [Int32](repeating: 0, count: count)
        for (position, old) in queue.enumerated() { newIndex[Int(old)] = Int32(position + 1) }
        func renumbered(_ old: Int32) -> Int32 { old < 0 ? old : newIndex[Int(old)] }
        var nodes = [Node](repeating: Node(), count: count)
        var labels = [UInt8](repeating: 0, count: count)
        var denseRows: [Int32] = []
        var outputStarts: [Int32] = []
        outputStarts.reserveCapacity(count + 1)
        var packedOutputs: [Output] = []
        packedOutputs.reserveCapacity(outputs.count)
        for position in 0..<count {
            let old = position == 0 ? 0 : Int(queue[position - 1])
            var node = Node()
            labels[position] = label[old]
            node.fail = renumbered(fail[old])
            node.outputLink = renumbered(outputLink[old])
            outputStarts.append(Int32(packedOutputs.count))
            for pattern in outputs[Int(outputStart[old])..<Int(outputStart[old + 1])] {
                packedOutputs.append(Output(pattern: pattern, length: Int32(patterns[Int(pattern)].count)))
            }
            var children = 0
            var cursor = firstChild[old]
            while cursor >= 0 {
                children += 1
                cursor = nextSibling[Int(cursor)]
            }
            node.firstChild = children == 0 ? 0 : renumbered(firstChild[old])
            node.childCount = Int32(children)
            if old != 0, children >= Self.denseThreshold {
                node.firstChild = Int32(denseRows.count / 256)
                node.childCount = -1
                var row = [Int32](repeating: -1, count: 256)
                cursor = firstChild[old]
                while cursor >= 0 {
                    row[Int(label[Int(cursor)])] = renumbered(cursor)
                    cursor = nextSibling[Int(cursor)]
                }
                denseRows += row
            }
            nodes[position] = node
        }
        outputStarts.append(Int32(packedOutputs.count))
        self.nodes = nodes
        self.labels = labels
        self.denseRows = denseRows
        self.rootNext = rootNext.map(renumbered)
        self.outputStarts = outputStarts
        self.outputs = packedOutputs
    }

    /// Saves the automaton's tables.
    func write(to writer: inout SnapshotWriter) {
        writer.raw(nodes)
        writer.raw(labels)
        writer.raw(rootNext)
        writer.raw(denseRows)
        writer.raw(outputStarts)
        writer.raw(outputs)
    }

    /// Restores saved tables, checking that every link stays in range (nil otherwise).
    init?(from reader: inout SnapshotReader) {
        guard let nodes = reader.raw(Node.self), let labels = reader.raw(UInt8.self), let rootNext = reader.raw(Int32.self),
            let denseRows = reader.raw(Int32.self), let outputStarts = reader.raw(Int32.self), let outputs = reader.raw(Output.self),
            !nodes.isEmpty, labels.count == nodes.count, rootNext.count == 256, denseRows.count % 256 == 0,
            outputStarts.count == nodes.count + 1
        else { return nil }
        let stateCount = Int32(nodes.count)
        let rowCount = Int32(denseRows.count / 256)
        guard rootNext.allSatisfy({ $0 >= 0 && $0 < stateCount }), denseRows.allSatisfy({ $0 >= -1 && $0 < stateCount }),
            outputs.allSatisfy({ $0.length > 0 }),
            zip(outputStarts, outputStarts.dropFirst()).allSatisfy({ $0 >= 0 && $0 <= $1 }), Int(outputStarts.last!) <= outputs.count,
            nodes.allSatisfy({ node in
                let children = node.childCount < 0
                    ? node.firstChild >= 0 && node.firstChild < rowCount
                    : node.firstChild >= 0 && Int(node.firstChild) + Int(node.childCount) <= nodes.count
                return children && node.fail >= 0 && node.fail < stateCount && node.outputLink >= -1 && node.outputLink < stateCount
            })
        else { return nil }
        self.nodes = nodes
        self.labels = labels
        self.rootNext = rootNext
        self.denseRows = denseRows
        self.outputStarts = outputStarts
        self.outputs = outputs
    }

    /// Whether every pattern id it reports is below `count` (for restored tables).
    func reportsPatterns(below count: Int) -> Bool { outputs.allSatisfy { $0.pattern >= 0 && Int($0.pattern) < count } }

    /// Calls `report(pattern, start, end)` for every occurrence of every pattern in `text`.
    func scan(_ text: [UInt8], _ report: (_ pattern: Int, _ start: Int, _ end: Int) -> Void) {
        text.withUnsafeBufferPointer { bytes in
            nodes.withUnsafeBufferPointer { nodes in
                labels.withUnsafeBufferPointer { labels in
                    rootNext.withUnsafeBufferPointer { rootNext in
                        denseRows.withUnsafeBufferPointer { denseRows in
                            var state = 0
                            for index in 0..<bytes.count {
                                let byte = bytes[index]
                                while true {
                                    if state == 0 {
                                        state = Int(rootNext[Int(byte)])
                                        break
                                    }
                                    let current = nodes[state]
                                    if current.childCount < 0 {
                                        let child = Int(denseRows[Int(current.firstChild) &* 256 &+ Int(byte)])
                                        if child >= 0 {
                                            state = child
                                            break
                                        }
                                    } else {
                                        var cursor = Int(current.firstChild)
                                        let end = cursor &+ Int(current.childCount)
                                        while cursor < end, labels[cursor] < byte { cursor &+= 1 }
                                        if cursor < end, labels[cursor] == byte {
                                            state = cursor
                                            break
                                        }
                                    }
                                    state = Int(current.fail)
                                }
                                var output = Int(nodes[state].outputLink)
                                while output >= 0 {
                                    for slot in Int(outputStarts[output])..<Int(outputStarts[output + 1]) {
                                        let found = outputs[slot]
                                        report(Int(found.pattern), index + 1 - Int(found.length), index + 1)
                                    }
                                    output = Int(nodes[Int(nodes[output].fail)].outputLink)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

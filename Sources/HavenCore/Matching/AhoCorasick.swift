/// One Aho–Corasick automaton over a set of symbol strings: bytes (regex anchors) or word
/// numbers (rule phrases, see ``WordAutomaton``).
///
/// Built once when rules load; a scan costs amortised O(1) per symbol plus one step per
/// reported match, whatever the number of patterns. The trie is stored compactly (each state's
/// children as a run of sorted labels), with a dense row over the whole alphabet only for the
/// root and, for bytes, for states with many children, so memory grows with the patterns' total
/// length, not with length × alphabet.
struct AhoCorasick<Symbol: FixedWidthInteger & UnsignedInteger & BitwiseCopyable & Sendable>: Sendable {
    /// What a scan step reads about a state, in 16 bytes. States are numbered breadth first, so
    /// a state's children are consecutive numbers and their labels sit side by side in `labels`:
    /// finding a child reads a few adjacent labels instead of chasing sibling links.
    fileprivate struct Node {
        /// The first child's number; for a dense state (`childCount < 0`), its row in `denseRows`.
        var firstChild: Int32 = 0
        /// Number of children, or -1 when the children are in a dense row.
        var childCount: Int32 = 0
        var fail: Int32 = 0
        /// The first of the patterns that end here or anywhere down the failure chain, as an
        /// index in `outputs`, or -1.
        var output: Int32 = -1
    }

    private let nodes: [Node]
    /// The symbol on the edge into each state.
    private let labels: [Symbol]
    /// The root's child for each symbol (0 for none): one row over the whole alphabet.
    private let rootNext: [Int32]
    /// Rows of `alphabetSize` children for states with many (bytes only).
    private let denseRows: [Int32]
    /// The patterns each state reports, as linked lists that share their tails: a state's list
    /// is its own patterns followed by its failure state's list. Reporting a match then costs one
    /// memory access per pattern, where separate tables cost several cache misses.
    private let outputs: [Output]

    fileprivate struct Output {
        var pattern: Int32
        var length: Int32
        /// The next pattern to report, always at a smaller index (so no list can loop), or -1.
        var next: Int32
    }

    /// Number of automaton states (for diagnostics and benchmarks).
    var stateCount: Int { nodes.count }

    /// Builds the automaton; pattern `i` is reported with id `i`.
    ///
    /// - Parameters:
    ///   - alphabetSize: every symbol of every pattern (and of scanned text) is below it.
    ///   - denseThreshold: states with at least this many children get a dense row (bytes: a
    ///     row of 256 is cheap; words: a row per state would cost the whole vocabulary).
    init(patterns: [[Symbol]], alphabetSize: Int, denseThreshold: Int = .max) {
        // 1. The trie, from the patterns in sorted order so each node's children come out sorted.
        let order = patterns.indices.sorted { patterns[$0].lexicographicallyPrecedes(patterns[$1]) }
        var label: [Symbol] = [0]
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var lastChild: [Int32] = [-1]
        var ends: [(state: Int32, pattern: Int32)] = []
        var path: [Int32] = [0]  // path[d] = node at depth d for the previous pattern
        var previous: [Symbol] = []
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
        func child(_ state: Int, _ byte: Symbol) -> Int32 {
            var cursor = firstChild[state]
            while cursor >= 0 {
                let value = label[Int(cursor)]
                if value == byte { return cursor }
                if value > byte { return -1 }
                cursor = nextSibling[Int(cursor)]
            }
            return -1
        }
        var rootNext = [Int32](repeating: 0, count: alphabetSize)
        var fail = [Int32](repeating: 0, count: count)
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
        var labels = [Symbol](repeating: 0, count: count)
        var denseRows: [Int32] = []
        var packedOutputs: [Output] = []
        packedOutputs.reserveCapacity(outputs.count)
        for position in 0..<count {
            let old = position == 0 ? 0 : Int(queue[position - 1])
            var node = Node()
            labels[position] = label[old]
            node.fail = renumbered(fail[old])
            // A failure state is shallower, so it was numbered (and its list built) before this one.
            var next = position == 0 ? -1 : nodes[Int(node.fail)].output
            for pattern in outputs[Int(outputStart[old])..<Int(outputStart[old + 1])].reversed() {
                packedOutputs.append(Output(pattern: pattern, length: Int32(patterns[Int(pattern)].count), next: next))
                next = Int32(packedOutputs.count - 1)
            }
            node.output = next
            var children = 0
            var cursor = firstChild[old]
            while cursor >= 0 {
                children += 1
                cursor = nextSibling[Int(cursor)]
            }
            node.firstChild = children == 0 ? 0 : renumbered(firstChild[old])
            node.childCount = Int32(children)
            if old != 0, children >= denseThreshold {
                node.firstChild = Int32(denseRows.count / alphabetSize)
                node.childCount = -1
                var row = [Int32](repeating: -1, count: alphabetSize)
                cursor = firstChild[old]
                while cursor >= 0 {
                    row[Int(label[Int(cursor)])] = renumbered(cursor)
                    cursor = nextSibling[Int(cursor)]
                }
                denseRows += row
            }
            nodes[position] = node
        }
        self.nodes = nodes
        self.labels = labels
        self.denseRows = denseRows
        self.rootNext = rootNext.map(renumbered)
        self.outputs = packedOutputs
    }

    /// Saves the automaton's tables.
    func write(to writer: inout SnapshotWriter) {
        writer.raw(nodes)
        writer.raw(labels)
        writer.raw(rootNext)
        writer.raw(denseRows)
        writer.raw(outputs)
    }

    /// Restores saved tables, checking that every link stays in range (nil otherwise).
    init?(from reader: inout SnapshotReader, alphabetSize: Int) {
        guard let nodes = reader.raw(Node.self), let labels = reader.raw(Symbol.self), let rootNext = reader.raw(Int32.self),
            let denseRows = reader.raw(Int32.self), let outputs = reader.raw(Output.self),
            alphabetSize > 0, !nodes.isEmpty, labels.count == nodes.count, rootNext.count == alphabetSize,
            denseRows.count % alphabetSize == 0
        else { return nil }
        let stateCount = Int32(nodes.count)
        let rowCount = Int32(denseRows.count / alphabetSize)
        guard rootNext.allSatisfy({ $0 >= 0 && $0 < stateCount }), denseRows.allSatisfy({ $0 >= -1 && $0 < stateCount }),
            outputs.indices.allSatisfy({ outputs[$0].length > 0 && outputs[$0].next >= -1 && outputs[$0].next < $0 }),
            nodes.indices.allSatisfy({ state in
                let node = nodes[state]
                let children = node.childCount < 0
                    ? node.firstChild >= 0 && node.firstChild < rowCount
                    : node.firstChild >= 0 && Int(node.firstChild) + Int(node.childCount) <= nodes.count
                // Failure links lead to a shallower state, numbered earlier: no failure chain can loop.
                return children && node.fail >= 0 && (state == 0 || node.fail < state) && node.output >= -1 && node.output < outputs.count
            })
        else { return nil }
        self.nodes = nodes
        self.labels = labels
        self.rootNext = rootNext
        self.denseRows = denseRows
        self.outputs = outputs
    }

    /// Whether every pattern id it reports is below `count` (for restored tables).
    func reportsPatterns(below count: Int) -> Bool { outputs.allSatisfy { $0.pattern >= 0 && Int($0.pattern) < count } }

    /// Runs `body` with a cursor at the root; the cursor reads the tables in place.
    @inline(__always)
    func withCursor<Result>(_ body: (inout Cursor) -> Result) -> Result {
        nodes.withUnsafeBufferPointer { nodes in
            labels.withUnsafeBufferPointer { labels in
                rootNext.withUnsafeBufferPointer { rootNext in
                    denseRows.withUnsafeBufferPointer { denseRows in
                        outputs.withUnsafeBufferPointer { outputs in
                            var cursor = Cursor(nodes: nodes, labels: labels, rootNext: rootNext, denseRows: denseRows, outputs: outputs)
                            return body(&cursor)
                        }
                    }
                }
            }
        }
    }

    /// Calls `report(pattern, start, end)` for every occurrence of every pattern in `text`.
    func scan(_ text: [UInt8], _ report: (_ pattern: Int, _ start: Int, _ end: Int) -> Void) where Symbol == UInt8 {
        text.withUnsafeBufferPointer { bytes in
            withCursor { cursor in
                for index in 0..<bytes.count {
                    cursor.advance(bytes[index])
                    cursor.forEachMatch { pattern, length in report(pattern, index + 1 - length, index + 1) }
                }
            }
        }
    }

    /// A position in the automaton during one scan. Valid only inside ``withCursor(_:)``.
    struct Cursor {
        fileprivate let nodes: UnsafeBufferPointer<Node>
        fileprivate let labels: UnsafeBufferPointer<Symbol>
        fileprivate let rootNext: UnsafeBufferPointer<Int32>
        fileprivate let denseRows: UnsafeBufferPointer<Int32>
        fileprivate let outputs: UnsafeBufferPointer<Output>
        private var state = 0

        fileprivate init(
            nodes: UnsafeBufferPointer<Node>, labels: UnsafeBufferPointer<Symbol>, rootNext: UnsafeBufferPointer<Int32>,
            denseRows: UnsafeBufferPointer<Int32>, outputs: UnsafeBufferPointer<Output>
        ) {
            self.nodes = nodes
            self.labels = labels
            self.rootNext = rootNext
            self.denseRows = denseRows
            self.outputs = outputs
        }

        /// Back to the root: for a symbol that no pattern contains.
        @inline(__always)
        mutating func reset() { state = 0 }

        /// Follows `symbol` (which must be below the alphabet size).
        @inline(__always)
        mutating func advance(_ symbol: Symbol) {
            while true {
                if state == 0 {
                    state = Int(rootNext[Int(symbol)])
                    return
                }
                let current = nodes[state]
                if current.childCount < 0 {
                    let child = Int(denseRows[Int(current.firstChild) &* rootNext.count &+ Int(symbol)])
                    if child >= 0 {
                        state = child
                        return
                    }
                } else {
                    // Runs are short for bytes (longer ones are dense); a word can have hundreds of
                    // followers ("you ..."), so long runs are searched by halves.
                    var low = Int(current.firstChild)
                    let end = low &+ Int(current.childCount)
                    var high = end
                    while high &- low > 8 {
                        let middle = (low &+ high) >> 1
                        if labels[middle] < symbol { low = middle &+ 1 } else { high = middle }
                    }
                    while low < end, labels[low] < symbol { low &+= 1 }
                    if low < end, labels[low] == symbol {
                        state = low
                        return
                    }
                }
                state = Int(current.fail)
            }
        }

        /// Calls `body(pattern, length)` for each pattern that ends at the current position, longest first.
        @inline(__always)
        func forEachMatch(_ body: (_ pattern: Int, _ length: Int) -> Void) {
            var output = Int(nodes[state].output)
            while output >= 0 {
                let found = outputs[output]
                body(Int(found.pattern), Int(found.length))
                output = Int(found.next)
            }
        }
    }
}

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
    struct Node {
        /// The first child's number; for a dense state (`childCount < 0`), its row in `denseRows`.
        var firstChild: Int32 = 0
        /// Number of children, or -1 when the children are in a dense row.
        var childCount: Int32 = 0
        var fail: Int32 = 0
        /// The first of the patterns that end here or anywhere down the failure chain, as an
        /// index in `outputs`, or -1.
        var output: Int32 = -1
    }

    let nodes: [Node]
    /// The symbol on the edge into each state.
    let labels: [Symbol]
    /// The root's child for each symbol (0 for none): one row over the whole alphabet.
    let rootNext: [Int32]
    /// Rows of `alphabetSize` children for states with many (bytes only).
    let denseRows: [Int32]
    /// The patterns each state reports, as linked lists that share their tails: a state's list
    /// is its own patterns followed by its failure state's list. Reporting a match then costs one
    /// memory access per pattern, where separate tables cost several cache misses.
    let outputs: [Output]

    struct Output {
        var pattern: Int32
        var length: Int32
        /// The next pattern to report, always at a smaller index (so no list can loop), or -1.
        var next: Int32
    }

    /// Number of automaton states (for diagnostics and benchmarks).
    var stateCount: Int { nodes.count }

    /// Builds the automaton in its two steps (a plain trie, then packed); pattern `i` is reported with id `i`.
    ///
    /// - Parameters:
    ///   - alphabetSize: every symbol of every pattern (and of scanned text) is below it.
    ///   - denseThreshold: states with at least this many children get a dense row (bytes: a
    ///     row of 256 is cheap; words: a row per state would cost the whole vocabulary).
    init(patterns: [[Symbol]], alphabetSize: Int, denseThreshold: Int = .max) {
        self.init(packing: TrieBuilder(patterns: patterns, alphabetSize: alphabetSize), denseThreshold: denseThreshold)
    }

    /// Packs a built trie: states renumbered breadth first, each state's children side by side,
    /// output lists that share their tails (aho-corasick's contiguous NFA, made from its noncontiguous one).
    init(packing trie: TrieBuilder<Symbol>, denseThreshold: Int) {
        let count = trie.stateCount
        let alphabetSize = trie.alphabetSize
        let queue = trie.breadthFirst
        var newIndex = [Int32](repeating: 0, count: count)
        for (position, old) in queue.enumerated() { newIndex[Int(old)] = Int32(position + 1) }
        func renumbered(_ old: Int32) -> Int32 { old < 0 ? old : newIndex[Int(old)] }
        var nodes = [Node](repeating: Node(), count: count)
        var labels = [Symbol](repeating: 0, count: count)
        var denseRows: [Int32] = []
        var packedOutputs: [Output] = []
        packedOutputs.reserveCapacity(trie.outputs.count)
        for position in 0..<count {
            let old = position == 0 ? 0 : Int(queue[position - 1])
            var node = Node()
            labels[position] = trie.label[old]
            node.fail = renumbered(trie.fail[old])
            // A failure state is shallower, so it was numbered (and its list built) before this one.
            var next = position == 0 ? -1 : nodes[Int(node.fail)].output
            for pattern in trie.outputs[Int(trie.outputStart[old])..<Int(trie.outputStart[old + 1])].reversed() {
                packedOutputs.append(Output(pattern: pattern, length: trie.patternLengths[Int(pattern)], next: next))
                next = Int32(packedOutputs.count - 1)
            }
            node.output = next
            var children = 0
            var cursor = trie.firstChild[old]
            while cursor >= 0 {
                children += 1
                cursor = trie.nextSibling[Int(cursor)]
            }
            node.firstChild = children == 0 ? 0 : renumbered(trie.firstChild[old])
            node.childCount = Int32(children)
            if old != 0, children >= denseThreshold {
                node.firstChild = Int32(denseRows.count / alphabetSize)
                node.childCount = -1
                var row = [Int32](repeating: -1, count: alphabetSize)
                cursor = trie.firstChild[old]
                while cursor >= 0 {
                    row[Int(trie.label[Int(cursor)])] = renumbered(cursor)
                    cursor = trie.nextSibling[Int(cursor)]
                }
                denseRows += row
            }
            nodes[position] = node
        }
        self.nodes = nodes
        self.labels = labels
        self.denseRows = denseRows
        self.rootNext = trie.rootNext.map(renumbered)
        self.outputs = packedOutputs
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
                            var cursor = Cursor(
                                nodes: nodes, labels: labels, rootNext: rootNext, denseRows: denseRows, outputs: outputs
                            )
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

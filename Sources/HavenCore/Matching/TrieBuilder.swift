/// The first step of building an ``AhoCorasick`` automaton: a plain trie of the patterns, with
/// the patterns that end at each state and the failure links, in the simplest layout that is
/// easy to build (children as sibling lists in insertion order of states).
///
/// Like aho-corasick's noncontiguous NFA (or hummingbird's `RouterPathTrieBuilder`), it is
/// never scanned: ``AhoCorasick/init(packing:denseThreshold:)`` packs it into the layout a scan
/// walks, and it is dropped. Keeping the two apart lets each be read, and changed, on its own.
struct TrieBuilder<Symbol: FixedWidthInteger & UnsignedInteger & BitwiseCopyable & Sendable> {
    let alphabetSize: Int
    /// The symbol on the edge into each state; state 0 is the root.
    private(set) var label: [Symbol] = [0]
    /// Each state's first child, or -1; children are in ascending order of their symbols.
    private(set) var firstChild: [Int32] = [-1]
    /// The next child of the same parent, or -1.
    private(set) var nextSibling: [Int32] = [-1]
    /// The patterns that end at state `s` are `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private(set) var outputStart: [Int32] = []
    private(set) var outputs: [Int32] = []
    /// Each pattern's length, in symbols.
    let patternLengths: [Int32]
    /// Each state's failure state: the longest proper suffix of its path that is also a path.
    private(set) var fail: [Int32] = []
    /// The root's child for each symbol (0 for none).
    private(set) var rootNext: [Int32] = []
    /// Every state but the root, breadth first (the packed numbering).
    private(set) var breadthFirst: [Int32] = []

    var stateCount: Int { label.count }

    /// The trie of `patterns` with its failure links; every symbol must be below `alphabetSize`.
    init(patterns: [[Symbol]], alphabetSize: Int) {
        self.alphabetSize = alphabetSize
        patternLengths = patterns.map { Int32($0.count) }
        let ends = addPaths(patterns)
        collectOutputs(ends)
        linkFailures()
    }

    /// The trie, from the patterns in sorted order so each node's children come out sorted;
    /// returns where each pattern ends.
    private mutating func addPaths(_ patterns: [[Symbol]]) -> [(state: Int32, pattern: Int32)] {
        let order = patterns.indices.sorted { patterns[$0].lexicographicallyPrecedes(patterns[$1]) }
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
                if lastChild[parent] < 0 {
                    firstChild[parent] = node
                } else {
                    nextSibling[Int(lastChild[parent])] = node
                }
                lastChild[parent] = node
                path.append(node)
            }
            if !pattern.isEmpty { ends.append((path[pattern.count], Int32(id))) }
            previous = pattern
        }
        return ends
    }

    /// The patterns that end at each state, grouped by state.
    private mutating func collectOutputs(_ ends: [(state: Int32, pattern: Int32)]) {
        let count = stateCount
        let ends = ends.sorted { $0.state < $1.state }
        var outputStart = [Int32](repeating: 0, count: count + 1)
        for end in ends { outputStart[Int(end.state) + 1] += 1 }
        for state in 0..<count { outputStart[state + 1] += outputStart[state] }
        self.outputStart = outputStart
        outputs = ends.map(\.pattern)
    }

    /// The child of `state` on `symbol`, or -1.
    private func child(_ state: Int, _ symbol: Symbol) -> Int32 {
        var cursor = firstChild[state]
        while cursor >= 0 {
            let value = label[Int(cursor)]
            if value == symbol { return cursor }
            if value > symbol { return -1 }
            cursor = nextSibling[Int(cursor)]
        }
        return -1
    }

    /// Failure links, breadth first (a state's failure state is shallower, so already linked).
    private mutating func linkFailures() {
        let count = stateCount
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
                let symbol = label[Int(next)]
                var candidate = Int(fail[state])
                var target: Int32 = 0
                while true {
                    if candidate == 0 {
                        target = rootNext[Int(symbol)]
                        break
                    }
                    let found = child(candidate, symbol)
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
        self.fail = fail
        self.rootNext = rootNext
        breadthFirst = queue
    }
}

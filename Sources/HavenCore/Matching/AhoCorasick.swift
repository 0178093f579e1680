/// One Aho–Corasick automaton over every literal of a rule set.
///
/// Built once when rules load; scanning costs one table step per byte plus one step per
/// reported match, whatever the number of literals. The transition table is a full DFA over
/// byte classes (only bytes that occur in some literal get a class of their own), so the
/// scan loop has no failure-link chasing and no branches beyond the output check.
struct AhoCorasick: Sendable {
    private let byteClass: [UInt8]
    private let classCount: Int
    private let delta: [Int32]
    private let outputStart: [Int32]
    private let outputs: [Int32]
    private let patternLengths: [Int32]

    /// Number of automaton states (for diagnostics and benchmarks).
    var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton; pattern `i` is reported with id `i`.
    init(patterns: [[UInt8]]) {
        // Byte classes: 0 for every byte that no pattern uses.
        var byteClass = [UInt8](repeating: 0, count: 256)
        var nextClass = 1
        for pattern in patterns {
            for byte in pattern where byteClass[Int(byte)] == 0 {
                byteClass[Int(byte)] = UInt8(truncatingIfNeeded: nextClass)
                nextClass += 1
            }
        }
        // More than 255 distinct bytes cannot happen with UTF-8 patterns in practice; fold the rest.
        let classCount = min(nextClass, 256)

        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var ownOutputs: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() {
            var state = 0
            for byte in pattern {
                let cls = Int(byteClass[Int(byte)])
                if goto[state][cls] < 0 {
                    goto[state][cls] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: classCount))
                    ownOutputs.append([])
                }
                state = Int(goto[state][cls])
            }
            ownOutputs[state].append(Int32(id))
        }

        // Failure links in breadth-first order, turning the trie into a DFA.
        let count = goto.count
        var fail = [Int32](repeating: 0, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        for cls in 0..<classCount {
            if goto[0][cls] < 0 {
                goto[0][cls] = 0
            } else {
                fail[Int(goto[0][cls])] = 0
                order.append(Int(goto[0][cls]))
            }
        }
        var head = 0
        var merged = ownOutputs
        while head < order.count {
            let state = order[head]
            head += 1
            merged[state].append(contentsOf: merged[Int(fail[state])])
            for cls in 0..<classCount {
                let next = goto[state][cls]
                if next < 0 {
                    goto[state][cls] = goto[Int(fail[state])][cls]
                } else {
                    fail[Int(next)] = goto[Int(fail[state])][cls]
                    order.append(Int(next))
                }
            }
        }

        var delta = [Int32]()
        delta.reserveCapacity(count * classCount)
        var outputStart = [Int32]()
        outputStart.reserveCapacity(count + 1)
        var outputs = [Int32]()
        for state in 0..<count {
            delta.append(contentsOf: goto[state])
            outputStart.append(Int32(outputs.count))
            outputs.append(contentsOf: merged[state])
        }
        outputStart.append(Int32(outputs.count))

        self.byteClass = byteClass
        self.classCount = classCount
        self.delta = delta
        self.outputStart = outputStart
        self.outputs = outputs
        self.patternLengths = patterns.map { Int32($0.count) }
    }

    /// Calls `report(pattern, start, end)` for every occurrence of every pattern in `text`.
    func scan(_ text: [UInt8], _ report: (_ pattern: Int, _ start: Int, _ end: Int) -> Void) {
        text.withUnsafeBufferPointer { bytes in
            byteClass.withUnsafeBufferPointer { classes in
                delta.withUnsafeBufferPointer { delta in
                    var state = 0
                    let classCount = self.classCount
                    for index in 0..<bytes.count {
                        state = Int(delta[state &* classCount &+ Int(classes[Int(bytes[index])])])
                        let first = Int(outputStart[state])
                        let last = Int(outputStart[state + 1])
                        if first != last {
                            for slot in first..<last {
                                let pattern = Int(outputs[slot])
                                report(pattern, index + 1 - Int(patternLengths[pattern]), index + 1)
                            }
                        }
                    }
                }
            }
        }
    }
}

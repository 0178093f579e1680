/// A rule regex compiled for a Pike VM: time linear in the text, whatever the pattern.
///
/// Swift's `Regex` and `NSRegularExpression` backtrack, so one careless pattern in a
/// therapist's rule file could stall a reply for minutes. This engine runs every thread of
/// the pattern in lock-step over the text, so the cost is at most
/// `text length × program size`. It is still run only where the rule's literal anchor was
/// found, and only over the clause around it.
struct LinearRegex: Sendable {
    let groupCount: Int
    let groupNames: [String: Int]
    let tree: RegexNode
    private let program: [Instruction]
    private let sets: [ByteSet]

    private enum Instruction: Sendable {
        case byte(UInt8)
        case set(Int)
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case assert(RegexAssertion)
        case match
    }

    init(_ pattern: String, maxNesting: Int = RuleLimits.standard.nesting) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern, maxNesting: maxNesting)
        let tree = try parser.parse()
        var compiler = Compiler()
        compiler.emit(.group(tree, capture: 0))
        compiler.program.append(.match)
        guard compiler.program.count <= 20_000 else {
            throw RegexSyntaxError(message: "pattern is too large once repetitions are expanded", offset: 0)
        }
        groupCount = parser.groupCount
        groupNames = parser.groupNames
        self.tree = tree
        program = compiler.program
        sets = compiler.sets
    }

    // MARK: - Compilation

    private struct Compiler {
        var program: [Instruction] = []
        var sets: [ByteSet] = []

        mutating func emit(_ node: RegexNode) {
            switch node {
            case .empty:
                break
            case .literal(let bytes):
                for byte in bytes { program.append(.byte(byte)) }
            case .set(let set):
                sets.append(set)
                program.append(.set(sets.count - 1))
            case .group(let inner, let capture):
                if let capture { program.append(.save(2 * capture)) }
                emit(inner)
                if let capture { program.append(.save(2 * capture + 1)) }
            case .concat(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (index, branch) in branches.enumerated() {
                    if index < branches.count - 1 {
                        let split = program.count
                        program.append(.split(0, 0))
                        emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        emit(branch)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repetition(let inner, let min, let max, let greedy):
                for _ in 0..<min { emit(inner) }
                if let max {
                    // Optional copies: x? x? ... nested so that each is tried only after the previous.
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        emit(inner)
                    }
                    for split in splits {
                        program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
                    }
                } else {
                    let split = program.count
                    program.append(.split(0, 0))
                    emit(inner)
                    program.append(.jump(split))
                    program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
                }
            case .assertion(let kind):
                program.append(.assert(kind))
            }
        }
    }

    // MARK: - Matching

    /// The leftmost match in `text`, as capture offsets (`[2*g]` start, `[2*g+1]` end, -1 when unset).
    ///
    /// Each thread's captures live in a row of its list's slab, and the captures being built are
    /// one scratch array that a `save` sets and restores around its recursion: no allocation per
    /// thread or per position (one per thread and position showed as most of a regex run).
    func firstMatch(in text: ArraySlice<UInt8>) -> [Int]? {
        let base = text.startIndex
        let count = text.count
        let slotCount = 2 * (groupCount + 1)
        var current = ThreadList(capacity: program.count, slotCount: slotCount)
        var next = ThreadList(capacity: program.count, slotCount: slotCount)
        var scratch = [Int](repeating: -1, count: slotCount)
        var matched: [Int]?
        var position = 0
        while true {
            if matched == nil {
                for slot in 0..<slotCount { scratch[slot] = -1 }
                addThread(&current, pc: 0, captures: &scratch, at: position, text: text)
            }
            if current.pcs.isEmpty {
                // No thread alive: done if a match was found or the text is used up, else try the next start.
                if matched != nil || position >= count { break }
                current.clear()
                position += 1
                continue
            }
            let byte: UInt8? = position < count ? text[base + position] : nil
            next.clear()
            threads: for thread in current.pcs.indices {
                let pc = current.pcs[thread]
                switch program[pc] {
                case .byte(let expected):
                    if byte == expected {
                        current.load(thread, into: &scratch)
                        addThread(&next, pc: pc + 1, captures: &scratch, at: position + 1, text: text)
                    }
                case .set(let index):
                    if let byte, sets[index].contains(byte) {
                        current.load(thread, into: &scratch)
                        addThread(&next, pc: pc + 1, captures: &scratch, at: position + 1, text: text)
                    }
                case .match:
                    // Leftmost-first: threads after this one have lower priority.
                    current.load(thread, into: &scratch)
                    matched = scratch
                    break threads
                default:
                    break
                }
            }
            swap(&current, &next)
            if byte == nil { break }
            position += 1
        }
        return matched
    }

    /// The threads of one step: their pcs, and their captures as rows of one slab.
    private struct ThreadList {
        let slotCount: Int
        var pcs: [Int] = []
        var slab: [Int] = []
        var onList: [Bool]
        /// Every pc marked in this step, control instructions included, so `clear` can unmark them.
        var marked: [Int] = []

        init(capacity: Int, slotCount: Int) {
            self.slotCount = slotCount
            onList = [Bool](repeating: false, count: capacity)
            pcs.reserveCapacity(capacity)
            slab.reserveCapacity(capacity * slotCount)
            marked.reserveCapacity(capacity)
        }

        mutating func clear() {
            for pc in marked { onList[pc] = false }
            marked.removeAll(keepingCapacity: true)
            pcs.removeAll(keepingCapacity: true)
            slab.removeAll(keepingCapacity: true)
        }

        mutating func append(_ pc: Int, _ captures: [Int]) {
            pcs.append(pc)
            slab.append(contentsOf: captures)
        }

        /// Copies thread `index`'s captures into `captures`.
        func load(_ index: Int, into captures: inout [Int]) {
            let start = index * slotCount
            for slot in 0..<slotCount { captures[slot] = slab[start + slot] }
        }
    }

    private func addThread(
        _ list: inout ThreadList, pc: Int, captures: inout [Int], at position: Int, text: ArraySlice<UInt8>
    ) {
        if list.onList[pc] { return }
        list.onList[pc] = true
        list.marked.append(pc)
        switch program[pc] {
        case .jump(let target):
            addThread(&list, pc: target, captures: &captures, at: position, text: text)
        case .split(let first, let second):
            addThread(&list, pc: first, captures: &captures, at: position, text: text)
            addThread(&list, pc: second, captures: &captures, at: position, text: text)
        case .save(let slot):
            let previous = captures[slot]
            captures[slot] = position
            addThread(&list, pc: pc + 1, captures: &captures, at: position, text: text)
            captures[slot] = previous
        case .assert(let kind):
            if Self.holds(kind, at: position, in: text) {
                addThread(&list, pc: pc + 1, captures: &captures, at: position, text: text)
            }
        default:
            list.append(pc, captures)
        }
    }

    private static func holds(_ kind: RegexAssertion, at position: Int, in text: ArraySlice<UInt8>) -> Bool {
        let base = text.startIndex
        switch kind {
        case .start: return position == 0
        case .end: return position == text.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ByteSet.word.contains(text[base + position - 1])
            let after = position < text.count && ByteSet.word.contains(text[base + position])
            return (before != after) == (kind == .wordBoundary)
        }
    }
}

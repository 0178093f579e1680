/// The owners of each distinct automaton literal, so a literal shared by many phrases and slots
/// is found and reported once per place in a message, not once per copy.
struct LiteralOwners: Sendable {
    /// The owner codes (``OwnerCode/rawValue``) of each literal, in the order the literals were
    /// added. This is what a snapshot saves; the rest is derived.
    let all: FlatLists
    /// The owners other than slots (phrases, guard phrases, anchors), in the order added: what a
    /// match reports straight away.
    let direct: FlatLists
    /// The slots a literal belongs to, sorted, for ``owns(_:_:)`` (" you " is in over 30).
    let slots: FlatLists
    /// Per literal, what a match reports at once, packed so a match touches one small entry.
    let matches: [MatchInfo]

    /// What a match of a literal reports: its direct owners (most literals have one) and the
    /// slots it belongs to, in 16 bytes.
    struct MatchInfo: Sendable {
        /// The owner code when `directCount` is 1, else where the owners start in `direct.values`.
        var direct: Int32
        var directCount: Int32
        /// Bit `slot % 64` set for each slot it belongs to (0: in no slot). Most "is it in this
        /// slot?" questions are answered from this entry, which the scan has just read.
        var slotMask: UInt64

        var inSlot: Bool { slotMask != 0 }
    }

    /// Merges equal literals; their owners keep the order in which the literals were added.
    static func grouping(_ literals: [[UInt8]], _ owners: [OwnerCode]) -> (distinct: [[UInt8]], owners: LiteralOwners) {
        var index: [[UInt8]: Int] = [:]
        var distinct: [[UInt8]] = []
        var members: [[Int32]] = []
        for (position, literal) in literals.enumerated() {
            if let existing = index[literal] {
                members[existing].append(owners[position].rawValue)
            } else {
                index[literal] = distinct.count
                distinct.append(literal)
                members.append([owners[position].rawValue])
            }
        }
        return (distinct, LiteralOwners(FlatLists(members)))
    }

    init(_ all: FlatLists) {
        self.all = all
        // Built straight into flat arrays: a snapshot restore does this for every literal at start-up.
        let literals = 0..<all.count
        let direct = FlatLists(count: literals.count) { literal, values in
            for code in all.values[all.range(of: literal)] where !OwnerCode(unchecked: code).isSlot {
                values.append(code)
            }
        }
        let slots = FlatLists(count: literals.count) { literal, values in
            let begin = values.count
            for code in all.values[all.range(of: literal)] where OwnerCode(unchecked: code).isSlot {
                values.append(code)
            }
            values[begin...].sort()
        }
        self.direct = direct
        self.slots = slots
        matches = literals.map { literal in
            let owners = direct.range(of: literal)
            return MatchInfo(
                direct: owners.count == 1 ? direct.values[owners.lowerBound] : Int32(owners.lowerBound),
                directCount: Int32(owners.count),
                slotMask: slots.values[slots.range(of: literal)].reduce(0) { $0 | Self.slotBit($1) })
        }
    }

    /// Restores a saved table; nil unless it is well formed, every code is one, and every literal has an owner.
    init?(restoring starts: [Int32], codes: [Int32]) {
        guard let all = FlatLists(restoring: starts, values: codes),
            codes.allSatisfy({ OwnerCode(rawValue: $0) != nil }),
            (0..<all.count).allSatisfy({ !all.range(of: $0).isEmpty })
        else {
            return nil
        }
        self.init(all)
    }

    /// Number of distinct literals.
    var count: Int { all.count }

    /// The slot's bit in ``MatchInfo/slotMask``.
    @inline(__always)
    static func slotBit(_ code: Int32) -> UInt64 { 1 << UInt64(OwnerCode(unchecked: code).index & 63) }

    /// Whether `literal` belongs to the slot with this code.
    func owns(_ literal: Int, _ code: OwnerCode) -> Bool { withSlotView { $0.owns(literal, code.rawValue) } }

    /// Runs `body` with a view of the slot tables that reads them in place (a copy of the whole
    /// table would retain seven arrays, once per message).
    func withSlotView<Result>(_ body: (SlotView) -> Result) -> Result {
        matches.withUnsafeBufferPointer { matches in
            slots.starts.withUnsafeBufferPointer { starts in
                slots.values.withUnsafeBufferPointer { values in
                    body(SlotView(matches: matches, starts: starts, values: values))
                }
            }
        }
    }

    /// Slot membership, read in place. Valid only inside ``withSlotView(_:)``.
    struct SlotView {
        let matches: UnsafeBufferPointer<MatchInfo>
        let starts: UnsafeBufferPointer<Int32>
        let values: UnsafeBufferPointer<Int32>

        /// Whether `literal` belongs to the slot with this code.
        func owns(_ literal: Int, _ code: Int32) -> Bool {
            guard matches[literal].slotMask & LiteralOwners.slotBit(code) != 0 else { return false }
            let list = UnsafeBufferPointer(rebasing: values[Int(starts[literal])..<Int(starts[literal + 1])])
            let position = list.partitioningIndex { $0 >= code }
            return position < list.endIndex && list[position] == code
        }
    }
}

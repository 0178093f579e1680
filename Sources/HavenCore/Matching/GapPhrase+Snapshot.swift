/// A slotted phrase; its owner is saved as its ``OwnerCode``, so the code's layout is the tag.
extension GapPhrase: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.int(Int(owner.rawValue))
        writer.array(slots) { $0.int($1) }
        writer.array(gaps) { $0.int($1) }
        writer.int(trigger)
    }

    init?(from reader: inout SnapshotReader) {
        guard let raw = reader.count(), let owner = OwnerCode(rawValue: Int32(raw)),
            owner.kind == .phrase || owner.kind == .guardPhrase,
            let slots = reader.array({ $0.count() }), let gaps = reader.array({ $0.count() }),
            gaps.count == slots.count,
            let trigger = reader.count(), trigger < slots.count
        else { return nil }
        self.init(owner: owner, slots: slots, gaps: gaps, trigger: trigger)
    }
}

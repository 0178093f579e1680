/// Only the owner lists as added are saved; the match entries and slot lists are derived on restore.
extension LiteralOwners: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.raw(all.starts)
        writer.raw(all.values)
    }

    init?(from reader: inout SnapshotReader) {
        guard let starts = reader.raw(Int32.self), let codes = reader.raw(Int32.self) else { return nil }
        self.init(restoring: starts, codes: codes)
    }
}

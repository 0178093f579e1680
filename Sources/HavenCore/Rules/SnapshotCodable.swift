/// A type that writes itself into a snapshot and reads itself back, in one file beside it
/// (`Type+Snapshot.swift`): adding a stored field is one line in its writer and one in its
/// reader, there and nowhere else.
///
/// A reader checks what it can see alone (counts, tags, its own links); links into other
/// tables are checked by whoever holds both (``RuleSet/init(snapshot:from:)``).
protocol SnapshotCodable {
    func write(to writer: inout SnapshotWriter)
    init?(from reader: inout SnapshotReader)
}

extension SnapshotWriter {
    mutating func value<T: SnapshotCodable>(_ value: T) { value.write(to: &self) }

    mutating func array<T: SnapshotCodable>(_ values: [T]) { array(values) { $1.write(to: &$0) } }
}

extension SnapshotReader {
    mutating func value<T: SnapshotCodable>(_: T.Type = T.self) -> T? { T(from: &self) }

    mutating func array<T: SnapshotCodable>(of _: T.Type) -> [T]? { array { T(from: &$0) } }
}

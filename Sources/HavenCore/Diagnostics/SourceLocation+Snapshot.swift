/// A location: the file by number (it recurs in every location), then line and column.
extension SourceLocation: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.interned(file)
        writer.int(line)
        writer.int(column)
    }

    init?(from reader: inout SnapshotReader) {
        guard let file = reader.interned(), let line = reader.int(), let column = reader.int() else { return nil }
        self.init(file: file, line: line, column: column)
    }
}

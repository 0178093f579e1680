/// An authored string (a phrase, an example, a regex) with where it was written.
extension Located: SnapshotCodable where Value == String {
    func write(to writer: inout SnapshotWriter) {
        writer.string(value)
        writer.value(location)
    }

    init?(from reader: inout SnapshotReader) {
        guard let value = reader.string(), let location = reader.value(SourceLocation.self) else { return nil }
        self.init(value: value, location: location)
    }
}

/// A normaliser is its substitutions (sorted, so the same rules save the same bytes).
extension Normalizer: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.array(substitutions.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value)
        }
    }

    init?(from reader: inout SnapshotReader) {
        guard
            let entries = reader.array({ reader -> (String, String)? in
                guard let key = reader.string(), let value = reader.string() else { return nil }
                return (key, value)
            })
        else { return nil }
        self.init(substitutions: Dictionary(entries, uniquingKeysWith: { first, _ in first }))
    }
}

extension Prompt: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(id)
        writer.string(text)
        writer.string(section)
        writer.array(placeholders) { $0.string($1) }
        writer.optional(stance) { $0.string($1.rawValue) }
        writer.value(location)
    }

    init?(from reader: inout SnapshotReader) {
        guard let id = reader.string(), let text = reader.string(), let section = reader.string(),
            let placeholders = reader.array({ $0.string() }),
            let stance = reader.optional({ $0.string().flatMap(Stance.init(rawValue:)) }),
            let location = reader.value(SourceLocation.self)
        else { return nil }
        self.init(id: id, text: text, section: section, placeholders: placeholders, stance: stance, location: location)
    }
}

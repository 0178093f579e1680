extension Topic: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(id)
        writer.string(title)
        writer.string(summary)
        writer.array(tips) { $0.string($1) }
    }

    init?(from reader: inout SnapshotReader) {
        guard let id = reader.string(), let title = reader.string(), let summary = reader.string(),
            let tips = reader.array({ $0.string() })
        else { return nil }
        self.init(id: id, title: title, summary: summary, tips: tips)
    }
}

extension SafetyResponse: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(template)
        writer.string(resources)
        writer.array(sections) { $0.string($1) }
    }

    init?(from reader: inout SnapshotReader) {
        guard let template = reader.string(), let resources = reader.string(),
            let sections = reader.array({ $0.string() })
        else { return nil }
        self.init(template: template, resources: resources, sections: sections)
    }
}

/// A category; its rule and guard indices are checked against the set by ``RuleSet/init(snapshot:from:)``.
extension Category: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(id)
        writer.string(title)
        writer.int(priority)
        writer.array(sections) { $0.string($1) }
        writer.array(prompts)
        writer.array(followUps)
        writer.array(ruleIndices) { $0.int($1) }
        writer.array(guardIndices) { $0.int($1) }
        writer.array(mustMatch)
        writer.array(mustNotMatch)
        writer.value(location)
    }

    init?(from reader: inout SnapshotReader) {
        guard let id = reader.string(), let title = reader.string(), let priority = reader.int(),
            let sections = reader.array({ $0.string() }), let prompts = reader.array(of: Prompt.self),
            let followUps = reader.array(of: Prompt.self), let ruleIndices = reader.array({ $0.count() }),
            let guardIndices = reader.array({ $0.count() }), let mustMatch = reader.array(of: Located<String>.self),
            let mustNotMatch = reader.array(of: Located<String>.self), let location = reader.value(SourceLocation.self)
        else { return nil }
        self.init(
            id: id, title: title, priority: priority, sections: sections, prompts: prompts, followUps: followUps,
            ruleIndices: ruleIndices, guardIndices: guardIndices, mustMatch: mustMatch, mustNotMatch: mustNotMatch,
            location: location)
    }
}

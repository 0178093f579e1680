/// ``CheckRules`` in a rule-set snapshot: `reflect` reads the stance overrides, and `check`
/// the antidotes and notes, from a cached set too.
extension CheckRules {
    func write(to writer: inout SnapshotWriter) {
        writer.array(stanceOverrides.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value.rawValue)
        }
        for table in [categoryAntidotes, ruleAntidotes] {
            writer.array(table.sorted { $0.key < $1.key }) { writer, entry in
                writer.string(entry.key)
                writer.array(entry.value, Self.writeAntidote)
            }
        }
        writer.array(notes.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value)
        }
        writer.array(examples) { writer, example in
            writer.string(example.categoryID)
            writer.string(example.text.value)
            Self.writeLocation(&writer, example.text.location)
            writer.array(example.marks) { $0.string($1) }
        }
    }

    /// Reads what ``write(to:)`` wrote; nil when the bytes are bad.
    init?(from reader: inout SnapshotReader) {
        self.init()
        guard
            let stances = reader.array({ reader -> (String, Stance)? in
                guard let id = reader.string(), let raw = reader.string(), let stance = Stance(rawValue: raw) else {
                    return nil
                }
                return (id, stance)
            }),
            let categoryAntidotes = reader.array(Self.readAntidoteList),
            let ruleAntidotes = reader.array(Self.readAntidoteList),
            let notes = reader.array({ reader -> (String, String)? in
                guard let id = reader.string(), let note = reader.string() else { return nil }
                return (id, note)
            }),
            let examples = reader.array({ reader -> CheckExample? in
                guard let categoryID = reader.string(), let text = reader.string(),
                    let location = Self.readLocation(&reader),
                    let marks = reader.array({ $0.string() })
                else { return nil }
                return CheckExample(
                    categoryID: categoryID, text: Located(value: text, location: location), marks: marks)
            })
        else { return nil }
        stanceOverrides = Dictionary(stances, uniquingKeysWith: { first, _ in first })
        self.categoryAntidotes = Dictionary(categoryAntidotes, uniquingKeysWith: { first, _ in first })
        self.ruleAntidotes = Dictionary(ruleAntidotes, uniquingKeysWith: { first, _ in first })
        self.notes = Dictionary(notes, uniquingKeysWith: { first, _ in first })
        self.examples = examples
    }

    private static func readAntidoteList(_ reader: inout SnapshotReader) -> (String, [Antidote])? {
        guard let owner = reader.string(), let list = reader.array(readAntidote) else { return nil }
        return (owner, list)
    }

    private static func writeAntidote(_ writer: inout SnapshotWriter, _ antidote: Antidote) {
        writer.string(antidote.id)
        writer.string(antidote.text)
        writer.string(antidote.section)
        writer.array(antidote.placeholders) { $0.string($1) }
        writeLocation(&writer, antidote.location)
    }

    private static func readAntidote(_ reader: inout SnapshotReader) -> Antidote? {
        guard let id = reader.string(), let text = reader.string(), let section = reader.string(),
            let placeholders = reader.array({ $0.string() }), let location = readLocation(&reader)
        else { return nil }
        return Antidote(id: id, text: text, section: section, placeholders: placeholders, location: location)
    }

    private static func writeLocation(_ writer: inout SnapshotWriter, _ location: SourceLocation) {
        writer.interned(location.file)
        writer.int(location.line)
        writer.int(location.column)
    }

    private static func readLocation(_ reader: inout SnapshotReader) -> SourceLocation? {
        guard let file = reader.interned(), let line = reader.int(), let column = reader.int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// A rule; its regex is saved as its source and compiled again on restore (a compiled regex
/// is a tree of classes, and compiling one regex is cheap next to parsing all the YAML).
extension Rule: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(id)
        writer.int(categoryIndex)
        writer.double(weight)
        writer.array(phrases)
        writer.optional(regexSource) { $0.value($1) }
        writer.array(examples)
        writer.array(counterExamples)
        writer.value(location)
    }

    init?(from reader: inout SnapshotReader) {
        guard let id = reader.string(), let categoryIndex = reader.count(), let weight = reader.double(),
            let phrases = reader.array(of: Located<String>.self),
            let regexSource = reader.optional({ $0.value(Located<String>.self) }),
            let examples = reader.array(of: Located<String>.self),
            let counterExamples = reader.array(of: Located<String>.self),
            let location = reader.value(SourceLocation.self)
        else { return nil }
        var regex: LinearRegex?
        if let regexSource {
            guard let compiled = try? LinearRegex(regexSource.value) else { return nil }
            regex = compiled
        }
        self.init(
            id: id, categoryIndex: categoryIndex, weight: weight, phrases: phrases, regexSource: regexSource,
            examples: examples,
            counterExamples: counterExamples, location: location, regex: regex)
    }
}

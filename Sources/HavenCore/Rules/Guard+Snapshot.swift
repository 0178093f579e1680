/// A guard; its scope and effect are saved by the names a rule file uses for them
/// (``Guard/Scope/Kind``, ``Guard/Effect``), so a new scope needs no new tag here.
extension Guard: SnapshotCodable {
    func write(to writer: inout SnapshotWriter) {
        writer.string(id)
        writer.optional(categoryIndex) { $0.int($1) }
        writer.string(scope.kind.rawValue)
        writer.int(scope.window)
        writer.string(effect.rawValue)
        writer.string(why)
        writer.array(phrases)
        writer.value(location)
    }

    init?(from reader: inout SnapshotReader) {
        guard let id = reader.string(), let categoryIndex = reader.optional({ $0.count() }),
            let kind = reader.string().flatMap(Scope.Kind.init(rawValue:)), let window = reader.count(),
            let effect = reader.string().flatMap(Effect.init(rawValue:)), let why = reader.string(),
            let phrases = reader.array(of: Located<String>.self), let location = reader.value(SourceLocation.self)
        else { return nil }
        self.init(
            id: id, categoryIndex: categoryIndex, scope: Scope(kind, window: window), effect: effect, why: why,
            phrases: phrases,
            location: location)
    }
}

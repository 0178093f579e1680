import Logging
import Synchronization

/// A log handler that keeps every entry in memory, for checking what a component logs.
struct RecordingLogHandler: LogHandler {
    /// One logged entry, flattened to strings.
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The message and every metadata key and value, as one string to search.
        var allText: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    /// The entries, shared by every copy of the handler.
    final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])

        var all: [Entry] { entries.withLock { $0 } }

        func append(_ entry: Entry) {
            entries.withLock { $0.append(entry) }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    init(store: Store) {
        self.store = store
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append(
            Entry(
                level: event.level,
                message: "\(event.message)",
                metadata: merged.mapValues { "\($0)" }
            )
        )
    }

    /// A logger at trace level writing into a fresh store.
    static func makeLogger() -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: "haven.http.test", factory: { _ in RecordingLogHandler(store: store) })
        return (logger, store)
    }
}

import HavenCore
public import Logging

/// The settings of Haven itself, apart from its adapters: rules, safety, dialogue, store and log.
///
/// One part of a versioned JSON file (see `config.example.json`, which documents each key);
/// each adapter module reads its own part (`adapters.NAME`), and the server composes them into
/// one file. Every key is optional. Secrets never live in the file: it names environment
/// variables that hold them.
public struct HavenConfiguration: Sendable, Equatable {
    public static let currentVersion = 1

    public var rulesPath: String?
    public var watchRules = true
    public var watchIntervalSeconds = 2
    public var safetyResources: String?
    public var firstContactNote = true
    public var commandPrefixes = ["/"]
    public var storeKind = StoreKind.sqlite
    public var storePath = "haven.sqlite"
    public var postgres = PostgresSettings()
    public var keepMessageText = false
    public var retentionDays = 90
    public var logLevel: Logger.Level = .info
    public var logMessageText = false

    public init() {}

    /// Reads the file's version and Haven's own keys; nil when the file is of a later version
    /// than this Haven reads (the one problem recorded then, since the rest may mean something else).
    ///
    /// The adapters' parts are read by their modules; the caller then asks the reader for
    /// unknown keys, so every key of the file is checked once.
    public static func read(from reader: inout ConfigReader) -> HavenConfiguration? {
        var config = HavenConfiguration()
        let version = reader.integer("version", in: 1...Int.max, default: currentVersion)
        if version > currentVersion {
            reader.report(
                .configVersion,
                "$.version: this Haven reads configuration version \(currentVersion), the file says \(version)")
            return nil
        }
        reader.object("rules")
        config.rulesPath = reader.string("rules.path", default: nil)
        config.watchRules = reader.bool("rules.watch", default: config.watchRules)
        config.watchIntervalSeconds = reader.integer(
            "rules.watchIntervalSeconds", in: 1...3600, default: config.watchIntervalSeconds)
        reader.object("safety")
        config.safetyResources = reader.string("safety.resources", default: nil)
        reader.object("dialogue")
        config.firstContactNote = reader.bool("dialogue.firstContactNote", default: config.firstContactNote)
        config.commandPrefixes = reader.strings("dialogue.commandPrefixes", default: config.commandPrefixes)
        parseStore(&reader, into: &config)
        reader.object("log")
        let level = reader.choice(
            "log.level", among: Logger.Level.allCases.map(\.rawValue), default: config.logLevel.rawValue)
        config.logLevel = Logger.Level(rawValue: level) ?? .info
        config.logMessageText = reader.bool("log.includeMessageText", default: config.logMessageText)
        return config
    }
}

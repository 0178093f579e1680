public import Foundation
public import HavenCore
public import Logging

/// Everything `haven serve` and `haven chat` can be configured with; every key is optional.
///
/// Read from a versioned JSON file (see `config.example.json`, which documents each key);
/// command-line flags override it. Secrets never live in the file: it names environment
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
    public var tcp = TCPSettings()
    public var matrix = MatrixSettings()
    public var webhooks = WebhookSettings()

    /// The plain-text TCP adapter.
    public struct TCPSettings: Sendable, Equatable {
        public var enabled = false
        public var host = "127.0.0.1"
        public var port = 7424
        public var maxLineBytes = 4096
        public var idleTimeoutSeconds = 300
        public var maxConnections = 100
        /// How long shutdown waits for a connection to take its last replies and goodbye before
        /// closing it anyway (a client that does not read would otherwise hold shutdown up forever).
        public var shutdownGraceSeconds = 10

        public init() {}
    }

    public init() {}

    /// Listeners that cannot all bind, as config problems with their JSON paths: the TCP and
    /// webhook adapters on one port. Checked after command-line flags are applied (`--tcp`).
    public var listenerProblems: [Diagnostic] {
        var problems: [Diagnostic] = []
        if tcp.enabled, webhooks.enabled, tcp.port != 0, tcp.port == webhooks.port {
            problems.append(
                ConfigReader.problem(
                    .configConflict, "$.adapters.webhooks.port: \(webhooks.port) is also the port of adapters.tcp"))
        }
        let appservice = matrix.appservice.port
        if matrix.enabled, matrix.mode == .appservice, appservice != 0 {
            for (name, enabled, port) in [
                ("tcp", tcp.enabled, tcp.port), ("webhooks", webhooks.enabled, webhooks.port),
            ]
            where enabled && port == appservice {
                problems.append(
                    ConfigReader.problem(
                        .configConflict,
                        "$.adapters.matrix.appservice.port: \(appservice) is also the port of adapters.\(name)"))
            }
        }
        return problems
    }

    /// Reads a configuration file's contents; returns the configuration and every problem found.
    ///
    /// - Parameter environment: where the variables named for secrets must be set; the
    ///   process's own by default (a test passes the environment it gives the server).
    public static func parse(
        _ data: Data, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (HavenConfiguration, [Diagnostic]) {
        var reader = ConfigReader(data: data, environment: environment)
        var config = HavenConfiguration()
        let version = reader.integer("version", in: 1...Int.max, default: currentVersion)
        if version > currentVersion {
            return (
                config,
                [
                    ConfigReader.problem(
                        .configVersion,
                        "$.version: this Haven reads configuration version \(currentVersion), the file says \(version)")
                ]
            )
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
        reader.object("adapters")
        reader.object("adapters.tcp")
        config.tcp.enabled = reader.bool("adapters.tcp.enabled", default: config.tcp.enabled)
        config.tcp.host = reader.string("adapters.tcp.host", default: config.tcp.host)
        config.tcp.port = reader.integer("adapters.tcp.port", in: 0...65_535, default: config.tcp.port)
        config.tcp.maxLineBytes = reader.integer(
            "adapters.tcp.maxLineBytes", in: 16...1_048_576, default: config.tcp.maxLineBytes)
        config.tcp.idleTimeoutSeconds = reader.integer(
            "adapters.tcp.idleTimeoutSeconds", in: 1...86_400, default: config.tcp.idleTimeoutSeconds)
        config.tcp.maxConnections = reader.integer(
            "adapters.tcp.maxConnections", in: 1...100_000, default: config.tcp.maxConnections)
        config.tcp.shutdownGraceSeconds = reader.integer(
            "adapters.tcp.shutdownGraceSeconds", in: 0...3600, default: config.tcp.shutdownGraceSeconds)
        parseMatrix(&reader, into: &config)
        parseWebhooks(&reader, into: &config)
        reader.reportUnknownKeys()
        return (config, reader.problems)
    }
}

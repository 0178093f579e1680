import HavenCore

/// Which state store `haven serve` uses (`store.kind`).
public enum StoreKind: String, Sendable, Equatable, CaseIterable {
    /// One SQLite file (`store.path`): the embedded default, for one instance.
    case sqlite
    /// A PostgreSQL database (`store.postgres`), which several instances can share.
    case postgres
}

/// The PostgreSQL store's connection settings (`store.postgres`).
///
/// The password is never in the file: `passwordEnv` names the environment variable that holds
/// it (none: connect without one, as with `trust` or a client certificate).
public struct PostgresSettings: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 5432
    public var database = "haven"
    public var user = "haven"
    public var passwordEnv: String?
    /// libpq's `sslmode`: `disable`, `prefer`, `require` or `verify-full`.
    public var sslMode = "prefer"
    /// The CA certificate(s) that `verify-full` checks the server against.
    public var sslRootCert: String?
    /// Connections kept open; each statement takes one for its duration.
    public var poolSize = 4
    public var connectTimeoutSeconds = 10

    public static let sslModes = ["disable", "prefer", "require", "verify-full"]

    public init() {}
}

extension HavenConfiguration {
    static func parseStore(_ reader: inout ConfigReader, into config: inout HavenConfiguration) {
        reader.object("store")
        let kind = reader.choice(
            "store.kind", among: StoreKind.allCases.map(\.rawValue), default: config.storeKind.rawValue)
        config.storeKind = StoreKind(rawValue: kind) ?? .sqlite
        config.storePath = reader.string("store.path", default: config.storePath)
        config.keepMessageText = reader.bool("store.keepMessageText", default: config.keepMessageText)
        config.retentionDays = reader.integer("store.retentionDays", in: 0...36_500, default: config.retentionDays)
        reader.object("store.postgres")
        var postgres = PostgresSettings()
        postgres.host = reader.string("store.postgres.host", default: postgres.host)
        postgres.port = reader.integer("store.postgres.port", in: 1...65_535, default: postgres.port)
        postgres.database = reader.string("store.postgres.database", default: postgres.database)
        postgres.user = reader.string("store.postgres.user", default: postgres.user)
        postgres.passwordEnv = reader.string("store.postgres.passwordEnv", default: nil)
        postgres.sslMode = reader.choice(
            "store.postgres.sslMode", among: PostgresSettings.sslModes, default: postgres.sslMode)
        postgres.sslRootCert = reader.string("store.postgres.sslRootCert", default: nil)
        postgres.poolSize = reader.integer("store.postgres.poolSize", in: 1...100, default: postgres.poolSize)
        postgres.connectTimeoutSeconds = reader.integer(
            "store.postgres.connectTimeoutSeconds", in: 1...300, default: postgres.connectTimeoutSeconds)
        // Checked with the rest of the file, so a missing password stops `serve` before it connects;
        // a name that is no variable name (the password pasted in its place) is refused either way.
        if let variable = postgres.passwordEnv {
            if config.storeKind == .postgres {
                _ = reader.environmentValue(named: variable, at: "store.postgres.passwordEnv")
            } else if !ConfigReader.isVariableName(variable) {
                reader.report(
                    .configBadValue,
                    "$.store.postgres.passwordEnv: expected the name of an environment variable (letters, digits and '_'); put the secret itself in the environment, never in the file"
                )
            }
        }
        config.postgres = postgres
    }
}

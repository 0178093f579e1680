public import Foundation
public import HavenCore
import HavenHTTP
import HavenMatrix
import HavenMatrixAppService
import HavenPostgres
public import HavenRuleFiles
import HavenRuntime
public import HavenStore
import HavenTCP
import HavenWebhooks
public import Logging
import ServiceLifecycle
public import UnixSignals

/// `haven serve`: every enabled adapter, rule reload and retention, under one service group.
public enum HavenServe {
    /// Why serving could not start.
    public enum Failure: Error, CustomStringConvertible {
        case rules(RuleLoadResult)
        case ruleFiles(RuleFilesError)
        case store(StoreError)
        case noAdapter
        case missingSecret(String)

        public var description: String {
            switch self {
            case .rules(let result):
                "the rules have \(result.diagnostics.filter { $0.severity == .error }.count) errors"
            case .ruleFiles(let error): "\(error)"
            case .store(let error): "\(error)"
            case .missingSecret(let variable): "the environment variable '\(variable)' named in the config is not set"
            case .noAdapter:
                "no adapter is enabled: set adapters.tcp, adapters.matrix or adapters.webhooks 'enabled' in the config, or pass --tcp HOST:PORT"
            }
        }
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: what `haven-serve` does.
    ///
    /// `onListening` is called for each listening adapter once all of them are bound.
    ///
    /// - Throws: ``Failure`` when serving cannot start, ``ListenError`` when an adapter cannot
    ///   listen, or an adapter's own error.
    public static func run(
        configuration: ServeConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String, String, Int) -> Void
    ) async throws {
        try await makeServer(configuration: configuration, logger: logger, onListening: onListening).run()
    }

    /// Builds the service group of `haven serve` without starting it: the rules loaded, every
    /// check made, the store opened, each enabled adapter ready. Tests call it in-process, with
    /// their own environment and no signal handling, as `haven-serve` calls ``run(configuration:logger:onListening:)``.
    ///
    /// - Parameters:
    ///   - environment: where the secrets named in the configuration are looked up.
    ///   - gracefulShutdownSignals: the signals that start a graceful shutdown; none in a test,
    ///     which calls ``Server/triggerGracefulShutdown()`` instead.
    /// - Throws: ``Failure`` when serving cannot start; nothing is listening or written then.
    public static func makeServer(
        configuration: ServeConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (String, String, Int) -> Void
    ) throws -> Server {
        let haven = configuration.haven
        let rulesPath = RuleDirectory.resolve(haven.rulesPath)
        let loaded: RuleLoadResult
        do {
            loaded = try RuleDirectory.load(rulesPath)
        } catch {
            throw Failure.ruleFiles(error)
        }
        guard let ruleSet = loaded.ruleSet else { throw Failure.rules(loaded) }
        guard configuration.anyAdapterEnabled else { throw Failure.noAdapter }
        // Every check comes before the state file is created: a refused start leaves nothing behind.
        var matrixTokens: MatrixTokens?
        if configuration.matrix.enabled {
            matrixTokens = try MatrixTokens(configuration.matrix, environment: environment)
        }
        let appservice = configuration.matrix.enabled && configuration.matrix.mode == .appservice
        let store = try makeStore(haven, environment: environment, logger: logger)
        let rules = LiveRules(ruleSet)
        let dialogue = DialogueConfiguration(
            commandPrefixes: haven.commandPrefixes, safetyResources: haven.safetyResources,
            firstContactNote: haven.firstContactNote)
        let clock: @Sendable () -> Date = { Date() }
        let conversations = Conversations(
            rules: rules, store: store, configuration: dialogue, logger: logger,
            logMessageText: haven.logMessageText, clock: clock)
        // One context for every adapter: they share the conversations, the health board and the clock.
        let context = AdapterContext(
            conversations: conversations, logger: logger, clock: clock, environment: environment)
        var services: [any Service] = [
            RuleWatcherService(
                path: rulesPath, rules: rules, watch: haven.watchRules,
                interval: .seconds(haven.watchIntervalSeconds),
                logger: logger),
            RetentionService(store: store, days: haven.retentionDays, logger: logger),
        ]
        let gate = ListeningGate(
            expecting: [configuration.tcp.enabled, configuration.webhooks.enabled, appservice].filter { $0 }.count,
            report: onListening)
        if configuration.tcp.enabled {
            services.append(
                TCPService(settings: configuration.tcp, context: context) { host, port in
                    gate.listening("tcp", host: host, port: port)
                })
        }
        if configuration.webhooks.enabled {
            services.append(
                WebhookService(settings: configuration.webhooks, context: context) { host, port in
                    gate.listening("webhooks", host: host, port: port)
                })
        }
        var configured = services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        if configuration.matrix.enabled, let tokens = matrixTokens {
            let settings = configuration.matrix
            var http = HTTPClient.Configuration()
            http.caBundlePath = settings.caBundle
            let client = MatrixClient(
                homeserver: settings.homeserver, userID: settings.userID, token: tokens.homeserver,
                http: HTTPClient(configuration: http, logger: logger))
            if let hsToken = tokens.pushes {
                // A listener like the others: failing to bind ends `serve`.
                configured.append(
                    .init(
                        service: MatrixAppService(
                            settings: settings, client: client, hsToken: hsToken, context: context
                        ) { host, port in
                            gate.listening("matrix-appservice", host: host, port: port)
                        }))
            } else {
                configured.append(
                    syncService(
                        MatrixService(settings: settings, client: client, context: context),
                        configuration: configuration))
            }
        }
        let group = ServiceGroup(
            configuration: .init(
                services: configured, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
        return Server(group: group, store: store)
    }

    /// The `/sync` loop's place in the group: a rejected token stops this adapter; the others
    /// keep serving (alone, it ends `serve`).
    static func syncService(_ matrix: MatrixService, configuration: ServeConfiguration)
        -> ServiceGroupConfiguration.ServiceConfiguration
    {
        let alone = !configuration.tcp.enabled && !configuration.webhooks.enabled
        return .init(
            service: matrix, successTerminationBehavior: .ignore,
            failureTerminationBehavior: alone ? .cancelGroup : .ignore)
    }

    /// The Matrix secrets the mode needs, from the environment: the token Haven sends (the
    /// access token, or the `as_token`) and, for an application service, the `hs_token`.
    struct MatrixTokens {
        let homeserver: String
        let pushes: String?

        init(_ settings: MatrixSettings, environment: [String: String]) throws(Failure) {
            func secret(_ variable: String) throws(Failure) -> String {
                guard let value = environment[variable], !value.isEmpty else { throw .missingSecret(variable) }
                return value
            }
            switch settings.mode {
            case .sync:
                homeserver = try secret(settings.accessTokenEnv)
                pushes = nil
            case .appservice:
                homeserver = try secret(settings.appservice.asTokenEnv)
                pushes = try secret(settings.appservice.hsTokenEnv)
            }
        }
    }

    /// The store `store.kind` names: the SQLite file, or a PostgreSQL database whose password
    /// comes from the environment variable `store.postgres.passwordEnv` names.
    static func makeStore(
        _ configuration: HavenConfiguration, environment: [String: String], logger: Logger
    ) throws -> any StateStore {
        do {
            switch configuration.storeKind {
            case .sqlite:
                return try SQLiteStateStore(path: configuration.storePath, keepsText: configuration.keepMessageText) {
                    fault in
                    logger.error("state file fault", metadata: ["haven.fault": "\(fault)"])
                }
            case .postgres:
                let settings = configuration.postgres
                var password: String?
                if let variable = settings.passwordEnv {
                    guard let value = environment[variable], !value.isEmpty else {
                        throw Failure.missingSecret(variable)
                    }
                    password = value
                }
                let options = PostgresStateStore.Options(
                    host: settings.host, port: settings.port, database: settings.database, user: settings.user,
                    password: password,
                    sslMode: settings.sslMode, sslRootCert: settings.sslRootCert, poolSize: settings.poolSize,
                    connectTimeoutSeconds: settings.connectTimeoutSeconds)
                return try PostgresStateStore(options: options, keepsText: configuration.keepMessageText)
            }
        } catch let error as StoreError {
            throw Failure.store(error)
        }
    }
}

/// The Matrix adapter's settings (`adapters.matrix`).
public struct MatrixSettings: Sendable, Equatable {
    public var enabled = false
    /// The homeserver's base URL, such as `https://matrix.example.org`.
    public var homeserver = ""
    /// The bot's user id, such as `@haven:example.org`.
    public var userID = ""
    public var deviceID = "HAVEN"
    /// The environment variable that holds the access token (the token is never in the file).
    public var accessTokenEnv = "HAVEN_MATRIX_TOKEN"
    /// The `/sync` long-poll timeout; the HTTP timeout is set above it.
    public var syncTimeoutSeconds = 30
    /// In rooms with more than two members: answer `mention` (when addressed), `all`, or `never`.
    public var groupRooms = "mention"
    public var autoJoin = true
    /// Who may invite the bot: user ids (`@a:b`) or servers (`:example.org`); empty means anyone.
    public var allowedInviters: [String] = []
    /// Other bots, never answered.
    public var ignoreUsers: [String] = []
    /// The longest wait between retries after errors.
    public var maxBackoffSeconds = 60
    /// The most events fetched to catch up a room whose `/sync` timeline was cut short (more than
    /// 50 events since the last sync, as after Haven was stopped); older missed messages are
    /// given up with a warning in the log.
    public var maxBackfillEvents = 1000
    /// A CA bundle for the homeserver's TLS certificate (verification is always on).
    public var caBundle: String?
    /// How events reach Haven: its own `/sync` loop, or the homeserver's pushes to an application service.
    public var mode = Mode.sync
    /// The application-service listener and registration, used in ``Mode/appservice``.
    public var appservice = AppServiceSettings()

    public init() {}

    /// How events reach Haven.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// One instance long-polls `/sync` with the bot's access token.
        case sync
        /// The homeserver pushes transactions to any instance (Matrix application-service API), so
        /// several instances can serve behind a load balancer.
        case appservice
    }

    /// `adapters.matrix.appservice`: what the registration says and where this instance listens.
    public struct AppServiceSettings: Sendable, Equatable {
        /// The registration's `id`.
        public var id = "haven"
        /// Where this instance listens for the homeserver's pushes.
        public var host = "127.0.0.1"
        /// 0 means any free port (reported on the `listening matrix-appservice` line).
        public var port = 9009
        /// The URL the homeserver pushes to (the load balancer in front of the instances); only
        /// the registration uses it.
        public var url = "http://127.0.0.1:9009"
        /// The environment variable holding the `as_token` (Haven's token towards the homeserver).
        public var asTokenEnv = "HAVEN_AS_TOKEN"
        /// The environment variable holding the `hs_token` (the homeserver's token towards Haven).
        public var hsTokenEnv = "HAVEN_HS_TOKEN"
        /// The largest transaction body accepted; larger ones get 413.
        public var maxBodyBytes = 1_048_576

        public init() {}
    }
}

extension HavenConfiguration {
    static func parseMatrix(_ reader: inout ConfigReader, into config: inout HavenConfiguration) {
        reader.object("adapters.matrix")
        var matrix = MatrixSettings()
        matrix.enabled = reader.bool("adapters.matrix.enabled", default: matrix.enabled)
        matrix.homeserver = reader.string("adapters.matrix.homeserver", default: matrix.homeserver)
        matrix.userID = reader.string("adapters.matrix.userID", default: matrix.userID)
        matrix.deviceID = reader.string("adapters.matrix.deviceID", default: matrix.deviceID)
        matrix.accessTokenEnv = reader.string("adapters.matrix.accessTokenEnv", default: matrix.accessTokenEnv)
        matrix.syncTimeoutSeconds = reader.integer(
            "adapters.matrix.syncTimeoutSeconds", in: 1...300, default: matrix.syncTimeoutSeconds)
        matrix.groupRooms = reader.choice(
            "adapters.matrix.groupRooms", among: ["mention", "all", "never"], default: matrix.groupRooms)
        matrix.autoJoin = reader.bool("adapters.matrix.autoJoin", default: matrix.autoJoin)
        matrix.allowedInviters = reader.strings("adapters.matrix.allowedInviters", default: matrix.allowedInviters)
        matrix.ignoreUsers = reader.strings("adapters.matrix.ignoreUsers", default: matrix.ignoreUsers)
        matrix.maxBackoffSeconds = reader.integer(
            "adapters.matrix.maxBackoffSeconds", in: 1...3600, default: matrix.maxBackoffSeconds)
        matrix.maxBackfillEvents = reader.integer(
            "adapters.matrix.maxBackfillEvents", in: 1...100_000, default: matrix.maxBackfillEvents)
        matrix.caBundle = reader.string("adapters.matrix.caBundle", default: nil)
        matrix.mode =
            MatrixSettings.Mode(
                rawValue: reader.choice(
                    "adapters.matrix.mode", among: MatrixSettings.Mode.allCases.map(\.rawValue),
                    default: matrix.mode.rawValue)) ?? .sync
        parseAppService(&reader, into: &matrix.appservice)
        if matrix.enabled {
            if !matrix.homeserver.hasPrefix("http://") && !matrix.homeserver.hasPrefix("https://") {
                reader.report(
                    .configBadValue,
                    "$.adapters.matrix.homeserver: expected an http:// or https:// URL, got \"\(matrix.homeserver)\"")
            }
            if !matrix.userID.hasPrefix("@") || !matrix.userID.contains(":") {
                reader.report(
                    .configBadValue,
                    "$.adapters.matrix.userID: expected a user id such as @haven:example.org, got \"\(matrix.userID)\"")
            }
            // Checked with the rest of the file, so a missing token stops `serve` before it creates the state file.
            switch matrix.mode {
            case .sync:
                _ = reader.environmentValue(named: matrix.accessTokenEnv, at: "adapters.matrix.accessTokenEnv")
            case .appservice:
                _ = reader.environmentValue(
                    named: matrix.appservice.asTokenEnv, at: "adapters.matrix.appservice.asTokenEnv")
                _ = reader.environmentValue(
                    named: matrix.appservice.hsTokenEnv, at: "adapters.matrix.appservice.hsTokenEnv")
            }
        }
        config.matrix = matrix
    }

    private static func parseAppService(
        _ reader: inout ConfigReader, into appservice: inout MatrixSettings.AppServiceSettings
    ) {
        let prefix = "adapters.matrix.appservice"
        reader.object(prefix)
        appservice.id = reader.string(prefix + ".id", default: appservice.id)
        appservice.host = reader.string(prefix + ".host", default: appservice.host)
        appservice.port = reader.integer(prefix + ".port", in: 0...65_535, default: appservice.port)
        appservice.url = reader.string(prefix + ".url", default: appservice.url)
        appservice.asTokenEnv = reader.string(prefix + ".asTokenEnv", default: appservice.asTokenEnv)
        appservice.hsTokenEnv = reader.string(prefix + ".hsTokenEnv", default: appservice.hsTokenEnv)
        appservice.maxBodyBytes = reader.integer(
            prefix + ".maxBodyBytes", in: 1024...104_857_600, default: appservice.maxBodyBytes)
        // The registration id names the service in the homeserver's database and logs: keep it plain.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if appservice.id.isEmpty || !appservice.id.allSatisfy(allowed.contains) {
            reader.report(
                .configBadValue,
                "$.\(prefix).id: expected letters, digits, '-', '_' or '.', got \"\(appservice.id)\"")
        }
        if appservice.host.isEmpty {
            reader.report(.configBadValue, "$.\(prefix).host: expected a host name or address, got \"\"")
        }
        if !appservice.url.hasPrefix("http://") && !appservice.url.hasPrefix("https://") {
            reader.report(
                .configBadValue, "$.\(prefix).url: expected an http:// or https:// URL, got \"\(appservice.url)\"")
        }
    }
}

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

    public init() {}
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
            _ = reader.environmentValue(named: matrix.accessTokenEnv, at: "adapters.matrix.accessTokenEnv")
        }
        config.matrix = matrix
    }
}

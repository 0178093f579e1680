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

public import HavenRuntime

extension MatrixSettings {
    /// Reads `adapters.matrix` from a configuration file, recording every problem in `reader`.
    ///
    /// When the adapter is enabled, the tokens its mode needs must be set in the reader's
    /// environment: a missing one stops `serve` before it creates the state file.
    public static func read(from reader: inout ConfigReader) -> MatrixSettings {
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
            Mode(
                rawValue: reader.choice(
                    "adapters.matrix.mode", among: Mode.allCases.map(\.rawValue),
                    default: matrix.mode.rawValue)) ?? .sync
        readAppService(&reader, into: &matrix.appservice)
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
        return matrix
    }

    private static func readAppService(
        _ reader: inout ConfigReader, into appservice: inout AppServiceSettings
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

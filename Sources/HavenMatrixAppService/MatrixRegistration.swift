public import HavenCore
public import HavenMatrix
import HavenRuntime

/// The application-service registration a homeserver loads (Synapse: `app_service_config_files`)
/// for `adapters.matrix` in `appservice` mode: the bot's user id as its one exclusive namespace.
///
/// Every value is written as a YAML double-quoted scalar with anything outside printable ASCII,
/// and `"` and `\`, escaped: whatever the config or the environment holds, the file reads back as
/// the same strings and no value can add a key.
public struct MatrixRegistration: Sendable, Equatable {
    public var id: String
    public var url: String
    public var asToken: String
    public var hsToken: String
    public var senderLocalpart: String
    /// The users the service claims: the bot's user id, regex-escaped and anchored.
    public var userRegex: String

    /// The registration for `settings`, with the tokens from `environment`; or the problems, by
    /// JSON path: not in `appservice` mode, or a token's variable unset.
    public static func make(_ settings: MatrixSettings, environment: [String: String])
        -> (MatrixRegistration?, [Diagnostic])
    {
        var problems: [Diagnostic] = []
        if settings.mode != .appservice {
            problems.append(
                ConfigReader.problem(
                    .configBadValue,
                    "$.adapters.matrix.mode: a registration is for \"appservice\" mode, got \"\(settings.mode.rawValue)\""
                ))
        }
        let appservice = settings.appservice
        func token(_ variable: String, _ path: String) -> String {
            guard let value = environment[variable], !value.isEmpty else {
                problems.append(
                    ConfigReader.problem(
                        .configEnvironment,
                        "$.adapters.matrix.appservice.\(path): the environment variable '\(variable)' is not set"))
                return ""
            }
            return value
        }
        let asToken = token(appservice.asTokenEnv, "asTokenEnv")
        let hsToken = token(appservice.hsTokenEnv, "hsTokenEnv")
        guard problems.isEmpty else { return (nil, problems) }
        let registration = MatrixRegistration(
            id: appservice.id, url: appservice.url, asToken: asToken, hsToken: hsToken,
            senderLocalpart: String(settings.userID.dropFirst().prefix { $0 != ":" }),
            userRegex: "^" + escapedPattern(settings.userID) + "$")
        return (registration, [])
    }

    /// The registration as YAML.
    public var yaml: String {
        let q = Self.quoted
        return """
            # Matrix application-service registration for Haven, written by `haven matrix registration`.
            # It holds both tokens: keep it private (mode 0600).
            id: \(q(id))
            url: \(q(url))
            as_token: \(q(asToken))
            hs_token: \(q(hsToken))
            sender_localpart: \(q(senderLocalpart))
            rate_limited: false
            namespaces:
              users:
                - exclusive: true
                  regex: \(q(userRegex))
              rooms: []
              aliases: []

            """
    }

    /// `text` as a YAML double-quoted scalar: printable ASCII as is (but `"` and `\`), every
    /// other character as a `\u` or `\U` escape, which YAML 1.1 and 1.2 readers both understand.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20...0x7E: out.unicodeScalars.append(scalar)
            case 0...0xFFFF: out += "\\u" + hex(scalar.value, width: 4)
            default: out += "\\U" + hex(scalar.value, width: 8)
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `text` as a regular expression matching only itself (Python's `re`, as Synapse uses).
    static func escapedPattern(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\.^$|?*+()[]{}-/#&~ ".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

import Foundation
public import HavenRuntime

extension WebhookSettings {
    /// Reads `adapters.webhooks` from a configuration file, recording every problem in `reader`.
    ///
    /// An endpoint's secrets are checked in the reader's environment only when the adapter is
    /// enabled, so a disabled endpoint can stay in the file without its variables set.
    public static func read(from reader: inout ConfigReader) -> WebhookSettings {
        let base = "adapters.webhooks"
        reader.object(base)
        var webhooks = WebhookSettings()
        webhooks.enabled = reader.bool("\(base).enabled", default: webhooks.enabled)
        webhooks.host = reader.string("\(base).host", default: webhooks.host)
        webhooks.port = reader.integer("\(base).port", in: 0...65_535, default: webhooks.port)
        webhooks.maxBodyBytes = reader.integer(
            "\(base).maxBodyBytes", in: 1024...1_048_576, default: webhooks.maxBodyBytes)
        webhooks.requestTimeoutSeconds = reader.integer(
            "\(base).requestTimeoutSeconds", in: 1...3600, default: webhooks.requestTimeoutSeconds)
        webhooks.timestampToleranceSeconds = reader.integer(
            "\(base).timestampToleranceSeconds", in: 10...3600, default: webhooks.timestampToleranceSeconds)

        reader.object("\(base).rateLimit")
        var limit = webhooks.rateLimit
        limit.perSenderPerMinute = reader.integer(
            "\(base).rateLimit.perSenderPerMinute", in: 0...1_000_000, default: limit.perSenderPerMinute)
        limit.perSenderBurst = reader.integer(
            "\(base).rateLimit.perSenderBurst", in: 1...1_000_000, default: limit.perSenderBurst)
        limit.globalPerSecond = reader.integer(
            "\(base).rateLimit.globalPerSecond", in: 0...1_000_000, default: limit.globalPerSecond)
        limit.globalBurst = reader.integer(
            "\(base).rateLimit.globalBurst", in: 1...1_000_000, default: limit.globalBurst)
        webhooks.rateLimit = limit

        reader.object("\(base).delivery")
        var delivery = webhooks.delivery
        delivery.baseDelayMilliseconds = reader.integer(
            "\(base).delivery.baseDelayMilliseconds", in: 1...600_000, default: delivery.baseDelayMilliseconds)
        delivery.maxDelaySeconds = reader.integer(
            "\(base).delivery.maxDelaySeconds", in: 1...86_400, default: delivery.maxDelaySeconds)
        delivery.timeoutSeconds = reader.integer(
            "\(base).delivery.timeoutSeconds", in: 1...300, default: delivery.timeoutSeconds)
        delivery.caBundle = reader.string("\(base).delivery.caBundle", default: nil)
        webhooks.delivery = delivery

        reader.object("\(base).endpoints")
        var paths: [String: String] = [:]
        for name in reader.keys("\(base).endpoints") {
            let path = "\(base).endpoints.\(name)"
            guard name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                reader.report(
                    .configBadValue,
                    "$.\(path): an endpoint name uses only letters, digits, '-' and '_', got \"\(name)\"")
                reader.object(path)
                continue
            }
            guard let endpoint = readEndpoint(&reader, name: name, at: path, enabled: webhooks.enabled) else {
                continue
            }
            if let other = paths[endpoint.path] {
                reader.report(
                    .configConflict, "$.\(path).path: \"\(endpoint.path)\" is already the path of endpoint \"\(other)\""
                )
            }
            paths[endpoint.path] = name
            webhooks.endpoints.append(endpoint)
        }
        if webhooks.enabled && webhooks.endpoints.isEmpty {
            reader.report(.configMissing, "$.\(base).endpoints: the webhook adapter is enabled but has no endpoints")
        }
        return webhooks
    }

    private static func readEndpoint(_ reader: inout ConfigReader, name: String, at path: String, enabled: Bool)
        -> Endpoint?
    {
        reader.object(path)
        let formatName = reader.choice(
            "\(path).format", among: Format.allCases.map(\.rawValue), default: "generic")
        let format = Format(rawValue: formatName) ?? .generic
        var endpoint = Endpoint(
            name: name, path: reader.string("\(path).path", default: "/webhooks/\(name)"), format: format)
        if !endpoint.path.hasPrefix("/") || endpoint.path.contains("?") || endpoint.path == "/healthz" {
            reader.report(
                .configBadValue,
                "$.\(path).path: expected a path such as /webhooks/\(name) (not /healthz), got \"\(endpoint.path)\"")
        }
        endpoint.secretEnv = reader.string("\(path).secretEnv", default: nil)
        endpoint.tokenEnv = reader.string("\(path).tokenEnv", default: nil)
        endpoint.replyInResponse = reader.bool("\(path).replyInResponse", default: endpoint.replyInResponse)
        endpoint.responseURLPrefixes = reader.strings(
            "\(path).responseURLPrefixes", default: endpoint.responseURLPrefixes)
        if reader.isPresent("\(path).outbound") {
            reader.object("\(path).outbound")
            let outboundName = reader.choice(
                "\(path).outbound.format", among: OutboundFormat.allCases.map(\.rawValue),
                default: format == .generic ? "generic" : format.rawValue)
            var outbound = Outbound(
                format: OutboundFormat(rawValue: outboundName) ?? .generic)
            outbound.url = reader.string("\(path).outbound.url", default: nil)
            outbound.urlEnv = reader.string("\(path).outbound.urlEnv", default: nil)
            outbound.secretEnv = reader.string("\(path).outbound.secretEnv", default: nil)
            outbound.maxAttempts = reader.integer(
                "\(path).outbound.maxAttempts", in: 1...10_000, default: outbound.maxAttempts)
            endpoint.outbound = outbound
        }
        guard enabled else { return endpoint }

        // The checks below need the environment, so they run only when the adapter is enabled.
        switch format {
        case .generic:
            requireEnvironment(
                &reader, endpoint.secretEnv, at: "\(path).secretEnv", needed: "a generic endpoint needs secretEnv",
                signingSecret: true)
        case .slack:
            requireEnvironment(
                &reader, endpoint.secretEnv, at: "\(path).secretEnv",
                needed: "a slack endpoint needs secretEnv (the signing secret)")
        case .mattermost:
            requireEnvironment(
                &reader, endpoint.tokenEnv, at: "\(path).tokenEnv", needed: "a mattermost endpoint needs tokenEnv")
        }
        if let outbound = endpoint.outbound {
            switch (outbound.url, outbound.urlEnv) {
            case (nil, nil):
                reader.report(.configMissing, "$.\(path).outbound: give url or urlEnv")
            case (.some, .some):
                reader.report(.configConflict, "$.\(path).outbound: give url or urlEnv, not both")
            case (let url?, nil):
                if !isHTTPURL(url) {
                    reader.report(
                        .configBadValue, "$.\(path).outbound.url: expected an http:// or https:// URL, got \"\(url)\"")
                }
            case (nil, let variable?):
                if let value = reader.environment[variable], !isHTTPURL(value) {
                    reader.report(
                        .configEnvironment,
                        "$.\(path).outbound.urlEnv: the environment variable '\(variable)' does not hold an http:// or https:// URL"
                    )
                } else {
                    requireEnvironment(&reader, variable, at: "\(path).outbound.urlEnv", needed: "")
                }
            }
            if outbound.format == .generic {
                let secret = outbound.secretEnv ?? (format == .generic ? endpoint.secretEnv : nil)
                requireEnvironment(
                    &reader, secret, at: "\(path).outbound.secretEnv",
                    needed: "a generic outbound destination needs secretEnv", signingSecret: true)
            }
        }
        return endpoint
    }

    /// Reports a missing or unset environment variable by name, never by value.
    private static func requireEnvironment(
        _ reader: inout ConfigReader, _ variable: String?, at path: String, needed: String, signingSecret: Bool = false
    ) {
        guard let variable else {
            reader.report(.configMissing, "$.\(path): \(needed)")
            return
        }
        guard let value = reader.environmentValue(named: variable, at: path) else { return }
        if signingSecret && signingKey(fromSecret: value) == nil {
            reader.report(
                .configEnvironment,
                "$.\(path): the environment variable '\(variable)' does not hold a whsec_<base64> secret")
        }
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && !text.contains(where: \.isWhitespace)
    }
}

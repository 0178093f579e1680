import Foundation
import HavenRuntime
import HavenStore

/// Turns replies into outbox rows: one request body per reply in the destination's format.
///
/// | format | body |
/// | --- | --- |
/// | slack, mattermost | `{"text": reply}` |
/// | slack `response_url` | `{"response_type": "ephemeral", "text": reply}` |
/// | discord | `{"content": part, "allowed_mentions": {"parse": []}}`, in parts of at most 2,000 characters |
/// | generic | `{"type": "haven.reply", "conversation", "recipient", "sender": "haven", "text", "inReplyTo", "bot": true}` |
///
/// Generic bodies are signed when sent (the timestamp must be fresh on every attempt); the
/// row keeps the `webhook-id`, which stays the same across retries.
enum OutboundRenderer {
    /// Discord's limit on `content`, in UTF-16 code units (what it counts).
    static let discordLimit = 2000
    /// At most this many parts per reply; the last is cut short with an ellipsis.
    static let discordMaxParts = 5

    /// The rows for `replies` to the endpoint's configured destination (none without one).
    static func rows(
        _ replies: [String], for endpoint: ResolvedEndpoint, message: InboundMessage, person: String
    ) -> [NewOutboxRow] {
        guard let outbound = endpoint.outbound else { return [] }
        let target = endpoint.key
        var rows: [NewOutboxRow] = []
        for reply in replies {
            switch outbound.format {
            case .slack:
                rows.append(row(target: target, person: person, body: encode(TextBody(text: slackEscaped(reply)))))
            case .mattermost:
                rows.append(row(target: target, person: person, body: textBody(reply)))
            case .discord:
                for part in discordParts(reply) {
                    rows.append(row(target: target, person: person, body: encode(DiscordBody(content: part))))
                }
            case .generic:
                let body = GenericBody(
                    conversation: message.channel, recipient: message.sender, text: reply, inReplyTo: message.deliveryID
                )
                let id = "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                rows.append(row(target: target, person: person, body: encode(body), headers: ["webhook-id": id]))
            }
        }
        return rows
    }

    /// The rows for `replies` to a Slack slash command's `response_url`.
    static func slashCommandRows(_ replies: [String], target: String, person: String) -> [NewOutboxRow] {
        replies.map { row(target: target, person: person, body: encode(SlashCommandBody(text: slackEscaped($0)))) }
    }

    /// Slack's control characters escaped, so reflected words cannot become mentions or links.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Mattermost's channel-wide mentions broken with a zero-width space, so reflected words notify nobody.
    static func mattermostQuiet(_ text: String) -> String {
        text.replacing(/(?i)@(channel|all|here)\b/) { match in "@\u{200B}" + match.output.1 }
    }

    /// `text` in parts of at most ``discordLimit`` UTF-16 code units, split at spaces where possible.
    static func discordParts(_ text: String, limit: Int = discordLimit, maxParts: Int = discordMaxParts) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.utf16.count <= limit {
                parts.append(String(rest))
                break
            }
            var units = 0
            var end = rest.startIndex
            var lastSpace: Substring.Index?
            while end < rest.endIndex {
                let width = rest[end].utf16.count
                if units + width > limit { break }
                units += width
                if rest[end].isWhitespace { lastSpace = end }
                end = rest.index(after: end)
            }
            if let space = lastSpace, rest.distance(from: rest.startIndex, to: space) > limit / 2 {
                parts.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                parts.append(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        if parts.count > maxParts {
            parts = Array(parts.prefix(maxParts))
            var last = Substring(parts[maxParts - 1])
            while last.utf16.count > limit - 1 { last = last.dropLast() }
            parts[maxParts - 1] = last + "…"
        }
        return parts
    }

    /// The body `{"text": ...}` for Mattermost, in band or outbound.
    static func textBody(_ text: String) -> [UInt8] {
        encode(TextBody(text: mattermostQuiet(text)))
    }

    /// Compact JSON with sorted keys and unescaped slashes (for request and response bodies alike).
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    private static func row(
        target: String, person: String, body: [UInt8], headers: [String: String] = [:]
    ) -> NewOutboxRow {
        let encodedHeaders = String(decoding: encode(headers), as: UTF8.self)
        return NewOutboxRow(target: target, person: person, body: body, headers: encodedHeaders)
    }

    private struct TextBody: Encodable {
        var text: String
    }

    private struct SlashCommandBody: Encodable {
        var responseType = "ephemeral"
        var text: String

        enum CodingKeys: String, CodingKey {
            case responseType = "response_type"
            case text
        }
    }

    private struct DiscordBody: Encodable {
        struct Mentions: Encodable { var parse: [String] = [] }
        var content: String
        var allowedMentions = Mentions()

        enum CodingKeys: String, CodingKey {
            case content
            case allowedMentions = "allowed_mentions"
        }
    }

    private struct GenericBody: Encodable {
        var type = "haven.reply"
        var conversation: String
        var recipient: String
        var sender = "haven"
        var text: String
        var inReplyTo: String?
        var bot = true
    }
}

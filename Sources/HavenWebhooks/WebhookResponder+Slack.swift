import HavenRuntime
import Hummingbird
import Logging

/// Slack: Events API `message` events (JSON) and slash commands (form-encoded), at one path.
///
/// Every request is verified with the v0 signing secret over `v0:timestamp:raw-body` and the
/// replay window, then acknowledged at once: a `url_verification` with its challenge, an event
/// with `{"ok": true}`, a slash command with an empty 200. Replies are written to the outbox
/// before the acknowledgement and delivered from there: an event's to the endpoint's outbound
/// URL (a Slack incoming webhook), a slash command's to its `response_url` (ephemeral).
/// Events from bots (`bot_id`, any `subtype` such as `bot_message` or `message_changed`) are
/// never answered; `event_id` and `trigger_id` deduplicate Slack's retries.
extension WebhookResponder {
    /// Verifies and acknowledges one Slack request, queueing its replies.
    func slack(body: [UInt8], header: (String) -> String?, mediaType: String, endpoint: ResolvedEndpoint)
        throws(WebhookError) -> Response
    {
        guard let verifier = endpoint.slackSignature else { throw .badSignature }
        try verifier.verify(
            timestamp: header("x-slack-request-timestamp"), signature: header("x-slack-signature"), body: body,
            now: OutboxDeliverer.nowSeconds(), tolerance: settings.timestampToleranceSeconds)
        if mediaType == "application/x-www-form-urlencoded" {
            return try slashCommand(FormBody(body), endpoint: endpoint)
        }
        let json = try JSONValue.parseObject(body)
        struct Ack: Encodable {
            var ok = true
            var ignored: String?
        }
        switch json["type"]?.text {
        case "url_verification":
            struct Challenge: Encodable { var challenge: String }
            guard let challenge = json["challenge"]?.text else { throw .missingField("challenge") }
            return Self.json(Challenge(challenge: challenge))
        case "event_callback":
            guard let event = json["event"], case .object = event else { throw .missingField("event") }
            guard event["type"]?.text == "message" else { return Self.json(Ack(ignored: "event-type")) }
            guard endpoint.outbound != nil else {
                logger.warning(
                    "slack message not answered: the endpoint has no outbound destination",
                    metadata: ["haven.webhook.endpoint": "\(endpoint.name)"])
                return Self.json(Ack(ignored: "no-outbound"))
            }
            let isBot =
                (event["bot_id"].map { $0 != .null } ?? false) || event["subtype"] != nil || event["bot_profile"] != nil
            guard let user = event["user"]?.text else { return Self.json(Ack(ignored: isBot ? "bot" : "no-user")) }
            let message = InboundMessage(
                deliveryID: try json["event_id"].map { value throws(WebhookError) in
                    try InboundMessage.identifier(value.text, field: "event_id")
                },
                channel: try InboundMessage.identifier(event["channel"]?.text, field: "event.channel"),
                sender: try InboundMessage.identifier(user, field: "event.user"),
                text: event["text"]?.text ?? "",
                isFromBot: isBot)
            let outcome = try converse(message, endpoint: endpoint) { replies, person in
                OutboundRenderer.rows(replies, for: endpoint, message: message, person: person)
            }
            switch outcome {
            case .replied, .duplicate: return Self.json(Ack())
            case .ignored(let reason): return Self.json(Ack(ignored: reason))
            }
        default:
            return Self.json(Ack(ignored: "type"))
        }
    }

    /// A slash command: replies go to its `response_url`, which must be under an allowed prefix.
    private func slashCommand(_ form: FormBody, endpoint: ResolvedEndpoint) throws(WebhookError) -> Response {
        let empty = Response(status: .ok)
        if form["ssl_check"] == "1" { return empty }
        let sender = try InboundMessage.identifier(form["user_id"], field: "user_id")
        let channel = try InboundMessage.identifier(form["channel_id"], field: "channel_id")
        guard let responseURL = form["response_url"], endpoint.allowsResponseURL(responseURL) else {
            throw .invalidField("response_url", expected: "a url under one of the endpoint's responseURLPrefixes")
        }
        let deliveryID = try form["trigger_id"].map { value throws(WebhookError) in
            try InboundMessage.identifier(value, field: "trigger_id")
        }
        let message = InboundMessage(
            deliveryID: deliveryID, channel: channel, sender: sender, text: form["text"] ?? "", isFromBot: false)
        let target = endpoint.key + ":response:" + responseURL
        _ = try converse(message, endpoint: endpoint) { replies, person in
            OutboundRenderer.slashCommandRows(replies, target: target, person: person)
        }
        return empty
    }
}

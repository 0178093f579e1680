import HavenRuntime
import Hummingbird

/// Mattermost outgoing webhooks (form-encoded or JSON), answered in the response as `{"text": ...}`.
///
/// The `token` field is compared with the configured one in constant time. The trigger word
/// is taken off the text; `post_id` deduplicates. Rocket.Chat's outgoing integrations send
/// the same fields (`message_id` for the id), so they work here too. Posts flagged as from a
/// bot (`bot`, `is_bot`, `from_bot`, `props.from_bot`, `props.from_webhook`) are never answered;
/// the answer is then `{}`, which posts nothing.
extension WebhookResponder {
    /// Checks the token, reads and answers one Mattermost request.
    func mattermost(body: [UInt8], mediaType: String, endpoint: ResolvedEndpoint) throws(WebhookError) -> Response {
        let field: (String) -> String?
        var isBot = false
        if mediaType == "application/json" {
            let json = try JSONValue.parseObject(body)
            field = { json[$0]?.text }
            isBot =
                InboundMessage.botFlags.contains { json[$0]?.isTruthy == true }
                || ["from_bot", "from_webhook"].contains { json["props"]?[$0]?.isTruthy == true }
        } else {
            let form = try FormBody(body)
            field = { form[$0] }
            isBot = InboundMessage.botFlags.contains { ["true", "1"].contains(form[$0]?.lowercased() ?? "") }
        }
        guard let token = field("token"), let expected = endpoint.token, expected.matches(token) else {
            throw .badToken
        }
        var text = field("text") ?? ""
        if let trigger = field("trigger_word"), !trigger.isEmpty, text.hasPrefix(trigger) {
            text = String(text.dropFirst(trigger.count))
        }
        let deliveryID = try (field("post_id") ?? field("message_id")).map { value throws(WebhookError) in
            try InboundMessage.identifier(value, field: "post_id")
        }
        let message = InboundMessage(
            deliveryID: deliveryID,
            channel: try InboundMessage.identifier(field("channel_id"), field: "channel_id"),
            sender: try InboundMessage.identifier(field("user_id"), field: "user_id"),
            text: text, isFromBot: isBot)
        let outcome = try converse(message, endpoint: endpoint) { replies, person in
            OutboundRenderer.rows(replies, for: endpoint, message: message, person: person)
        }
        struct Empty: Encodable {}
        guard case .replied(let replies) = outcome, !replies.isEmpty, endpoint.settings.replyInResponse else {
            return Self.json(Empty())
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(
                byteBuffer: ByteBuffer(bytes: OutboundRenderer.textBody(replies.joined(separator: "\n")))))
    }
}

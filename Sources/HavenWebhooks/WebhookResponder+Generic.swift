import HavenRuntime
import Hummingbird

/// Haven's own JSON schema, signed with Standard Webhooks.
///
/// ```json
/// {"conversation": "room-42", "sender": "alice", "text": "you never listen to me", "id": "evt_1"}
/// ```
///
/// `conversation`, `sender` and `text` are required; `id` (optional) is the delivery id,
/// else the `webhook-id` header is; `bot: true` marks a message never to answer. The answer
/// is `{"status": "replied", "replies": [...]}` (`replies` empty when `replyInResponse` is
/// off), or `"duplicate"` or `"ignored"` with no replies; the replies are also delivered to the
/// endpoint's outbound destination when it has one.
extension WebhookResponder {
    /// Verifies, reads and answers one generic request.
    func generic(body: [UInt8], header: (String) -> String?, endpoint: ResolvedEndpoint) throws(WebhookError)
        -> Response
    {
        guard let verifier = endpoint.standardSignature else { throw .badSignature }
        try verifier.verify(
            id: header("webhook-id"), timestamp: header("webhook-timestamp"), signatures: header("webhook-signature"),
            body: body,
            now: OutboxDeliverer.nowSeconds(), tolerance: settings.timestampToleranceSeconds)
        let json = try JSONValue.parseObject(body)
        let conversation = try InboundMessage.identifier(json["conversation"]?.text, field: "conversation")
        let sender = try InboundMessage.identifier(json["sender"]?.text, field: "sender")
        guard let textValue = json["text"] else { throw .missingField("text") }
        guard case .string(let text) = textValue else { throw .invalidField("text", expected: "text") }
        var deliveryID = header("webhook-id")
        if let id = json["id"], id != .null { deliveryID = try InboundMessage.identifier(id.text, field: "id") }
        let isBot = InboundMessage.botFlags.contains { json[$0]?.isTruthy == true }
        let message = InboundMessage(
            deliveryID: deliveryID, channel: conversation, sender: sender, text: text, isFromBot: isBot)
        let outcome = try converse(message, endpoint: endpoint) { replies, person in
            OutboundRenderer.rows(replies, for: endpoint, message: message, person: person)
        }
        struct Answer: Encodable {
            var status: String
            var replies: [String]
            var reason: String?
        }
        switch outcome {
        case .replied(let replies):
            return Self.json(Answer(status: "replied", replies: endpoint.settings.replyInResponse ? replies : []))
        case .duplicate:
            return Self.json(Answer(status: "duplicate", replies: []))
        case .ignored(let reason):
            return Self.json(Answer(status: "ignored", replies: [], reason: reason))
        }
    }
}

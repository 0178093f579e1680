/// A message taken from a verified request, in the same shape whatever the platform.
package struct InboundMessage: Sendable {
    /// The platform's id for this delivery (`webhook-id`, Slack `event_id`, Mattermost `post_id`…), for deduplication.
    var deliveryID: String?
    /// The channel or conversation on the platform.
    var channel: String
    /// The sender on the platform.
    var sender: String
    var text: String
    /// Whether the platform marked the sender as a bot (never answered).
    var isFromBot: Bool

    /// Payload fields by which generic and Mattermost senders mark themselves as bots.
    package static let botFlags = ["bot", "is_bot", "from_bot"]

    /// Haven's conversation id: one conversation per endpoint, channel and sender.
    func conversation(endpoint: String) -> String {
        "webhook:\(endpoint):\(channel):\(sender)"
    }

    /// Who `forget` deletes data for: the sender on this endpoint.
    func person(endpoint: String) -> String {
        "webhook:\(endpoint):\(sender)"
    }

    /// Checks an id read from a payload: present, short, without control characters.
    package static func identifier(_ value: String?, field: String) throws(WebhookError) -> String {
        guard let value, !value.isEmpty else { throw .missingField(field) }
        guard value.utf8.count <= 256, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw .invalidField(field, expected: "an id of at most 256 bytes without control characters")
        }
        return value
    }
}

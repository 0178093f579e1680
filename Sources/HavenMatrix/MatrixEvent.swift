public import HavenRuntime

/// The parts of a room event the adapter looks at.
public struct MatrixEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    public var sender: String
    public var timestamp: Int64
    public var stateKey: String?
    public var content: JSONValue
    /// A state event's previous content (`unsigned.prev_content`), when the server sends it.
    public var previousContent: JSONValue?

    public init?(_ json: JSONValue) {
        guard let type = json["type"]?.string, let sender = json["sender"]?.string else { return nil }
        self.type = type
        self.sender = sender
        id = json["event_id"]?.string ?? ""
        timestamp = Int64(json["origin_server_ts"]?.number ?? 0)
        stateKey = json["state_key"]?.string
        content = json["content"] ?? .object([:])
        previousContent = json["unsigned"]?["prev_content"] ?? json["prev_content"]
    }

    public var msgtype: String? { content["msgtype"]?.string }
    public var body: String? { content["body"]?.string }
    public var relation: JSONValue? { content["m.relates_to"] }
    /// The thread this event is in, if any.
    public var threadRoot: String? { relation?["rel_type"]?.string == "m.thread" ? relation?["event_id"]?.string : nil }
    /// Whether the event edits another (edits are never answered).
    public var isEdit: Bool { relation?["rel_type"]?.string == "m.replace" || content["m.new_content"] != nil }
}

/// The event a turn answers: the adapter and the platform's own id for it (a webhook delivery
/// id, a Matrix event id), recorded in `handled_event` so the same event is never answered twice.
public struct TurnEvent: Sendable, Equatable, Hashable {
    /// The adapter's key (`webhook:generic`, say); ids are unique only within it.
    public var adapter: String
    /// The platform's id of the event.
    public var id: String

    public init(adapter: String, id: String) {
        self.adapter = adapter
        self.id = id
    }
}

/// Events an adapter has answered, so a restart or a platform's retry never gets a second reply.
extension SQLiteStateStore {
    /// Whether `adapter` already handled `eventID`.
    public func wasHandled(_ eventID: String, adapter: String) throws(StoreError) -> Bool {
        try !database.query(
            "SELECT 1 FROM handled_event WHERE adapter = ? AND event_id = ?", [.text(adapter), .text(eventID)]
        ).isEmpty
    }
}

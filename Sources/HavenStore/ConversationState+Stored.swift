public import Foundation
public import HavenCore

extension ConversationState {
    /// The state as both stores keep it: one JSON text per conversation.
    ///
    /// - Throws: ``StoreError/corruptState(_:)`` naming the conversation, never its contents.
    package func storedJSON(conversation id: String) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        } catch {
            throw .corruptState(id)
        }
    }

    /// Reads a state back from its stored JSON text.
    package init(storedJSON json: String, conversation id: String) throws(StoreError) {
        do {
            self = try JSONDecoder().decode(ConversationState.self, from: Data(json.utf8))
        } catch {
            throw .corruptState(id)
        }
    }
}

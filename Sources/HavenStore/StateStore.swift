public import HavenCore

/// Where conversation state lives between messages and restarts.
///
/// Privacy by default: the store keeps pattern and prompt ids, not message text, unless
/// configured to; `forget` deletes every row about a person.
public protocol StateStore: Sendable {
    /// The state of a conversation, or nil for a new one.
    func conversation(_ id: String) throws(StoreError) -> ConversationState?
    /// Saves a conversation's state; `person` is who `forget` deletes it for.
    func save(_ state: ConversationState, conversation id: String, person: String, at time: Int64) throws(StoreError)
    /// Records a message's text, only when the store was configured to keep text.
    func recordText(_ text: String, conversation id: String, person: String, fromPerson: Bool, at time: Int64) throws(StoreError)
    /// Deletes everything about a person: conversations, texts, and any adapter data keyed by them.
    func forget(person: String) throws(StoreError)
    /// Deletes conversations untouched since `time` (and dead letters that failed before it); returns how many conversations.
    @discardableResult
    func expire(before time: Int64) throws(StoreError) -> Int
    /// A small key-value table for adapters (sync positions and the like).
    func value(for key: String) throws(StoreError) -> String?
    func setValue(_ value: String?, for key: String) throws(StoreError)
}

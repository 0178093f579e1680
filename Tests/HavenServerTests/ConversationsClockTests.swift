import Foundation
import HavenCore
import HavenCoreTesting
import HavenRuntime
import HavenStore
import Logging
import Testing

/// `Conversations` reads the time from the one clock it is given, for the conversation (seconds)
/// and for the outbox rows a turn queues (milliseconds) alike.
struct ConversationsClockTests {
    @Test func aTurnStampsItsOutboxRowsWithTheGivenClock() throws {
        let store = try SQLiteStateStore(path: ":memory:")
        let then = Date(timeIntervalSince1970: 1_000_000.25)
        let conversations = Conversations(
            rules: LiveRules(try TestRules.shippedRuleSet()), store: store, configuration: DialogueConfiguration(),
            logger: Logger(label: "haven.test", factory: { _ in SwiftLogNoOpLogHandler() }), clock: { then })
        let turn = try conversations.take(
            "he never listens to me", conversation: "test:room:alice", person: "alice",
            event: TurnEvent(adapter: "test", id: "event-1")
        ) { replies in
            replies.map { NewOutboxRow(target: "room", person: "alice", body: Array($0.utf8), headers: "{}") }
        }
        #expect(turn?.replies.isEmpty == false)
        let rows = try store.dueOutbox(at: .max, limit: 10)
        #expect(rows.count == turn?.replies.count)
        #expect(rows.allSatisfy { $0.createdAt == 1_000_000_250 && $0.nextAttemptAt == 1_000_000_250 }, "\(rows)")
    }
}

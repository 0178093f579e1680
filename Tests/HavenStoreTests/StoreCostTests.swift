import Foundation
import HavenCore
import HavenServerTesting
import HavenStore
import Testing

/// What one store operation costs on each backend: not a test of anything, a figure. Runs only
/// with `HAVEN_STORE_COST=1` (`HAVEN_STORE_COST=1 swift test --filter StoreCostTests`), and
/// prints save+load pairs per second and the throwaway cluster's start time.
///
/// Read the PostgreSQL figure for what it is: the test cluster runs with fsync off, over TCP on
/// the same 2-core machine, one client thread; SQLite is a WAL file with synchronous=NORMAL.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HAVEN_STORE_COST"] == "1"))
struct StoreCostTests {
    static let pairs = 10_000

    @Test(arguments: StoreBackend.allCases) func saveAndLoad(_ backend: StoreBackend) throws {
        let store = try backend.make().store
        var state = ConversationState()
        state.usedPrompts = ["criticism.1", "withdrawal.2", "contempt.3"]
        state.memory = ["criticism", "withdrawal"]
        let started = ContinuousClock.now
        for index in 0..<Self.pairs {
            state.turns = index
            let id = "tcp:\(index % 100)"
            try store.save(state, conversation: id, person: id, at: Int64(index))
            #expect(try store.conversation(id)?.turns == index)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "store-cost \(backend): \(Self.pairs) save+load in \(String(format: "%.2f", seconds)) s = \(Int(Double(Self.pairs) / seconds)) pairs/s, \(String(format: "%.0f", seconds / Double(Self.pairs * 2) * 1e6)) µs/op"
        )
        if backend == .postgres {
            print(
                "store-cost cluster start (initdb + postgres ready): \(String(format: "%.2f", try PostgresCluster.get().startSeconds)) s"
            )
        }
    }

    /// One webhook message's store work, both ways: the separate statements `Conversations`
    /// used (load, save, then record the event and queue a row) against ``StateStore/takeTurn(conversation:person:event:at:nowMilliseconds:_:)``,
    /// one transaction with the conversation lock. Turns per second.
    @Test(arguments: StoreBackend.allCases) func separateStatementsAgainstOneTurnTransaction(_ backend: StoreBackend)
        throws
    {
        let store = try backend.make().store
        var state = ConversationState()
        state.usedPrompts = ["criticism.1", "withdrawal.2", "contempt.3"]
        state.memory = ["criticism", "withdrawal"]
        let row = NewOutboxRow(target: "webhook:generic", person: "p", body: Array("a reply".utf8), headers: "{}")
        let turns = Self.pairs / 2
        func rate(_ body: (Int) throws -> Void) throws -> Double {
            let started = ContinuousClock.now
            for index in 0..<turns { try body(index) }
            let elapsed = ContinuousClock.now - started
            return Double(turns)
                / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let separate = try rate { index in
            let id = "c\(index % 100)"
            var current = try store.conversation(id) ?? state
            current.turns += 1
            try store.save(current, conversation: id, person: "p", at: Int64(index))
            try store.recordHandled(
                "s\(index)", adapter: "cost", person: "p", at: Int64(index), enqueue: [row], nowMilliseconds: 0)
        }
        let together = try rate { index in
            let id = "c\(index % 100)"
            _ = try store.takeTurn(
                conversation: id, person: "p", event: TurnEvent(adapter: "cost", id: "t\(index)"), at: Int64(index),
                nowMilliseconds: 0
            ) { current in
                var next = current ?? state
                next.turns += 1
                return TurnWrite(state: next, outbox: [row])
            }
        }
        print(
            "store-cost \(backend): \(turns) turns: separate statements \(Int(separate)) turns/s, one transaction \(Int(together)) turns/s"
        )
    }
}

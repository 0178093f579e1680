import Foundation
import HavenCore
import HavenCoreTesting
import HavenStore
import Synchronization
import Testing

/// What several instances sharing one store rely on, run against every store: a turn taken in
/// one transaction with its event, and outbox rows claimed with a lease.
@Suite struct StoreTurnAndClaimTests {
    func state(turns: Int) -> ConversationState {
        var state = ConversationState()
        state.turns = turns
        state.usedPrompts = ["criticism.\(turns)"]
        return state
    }

    func row(_ target: String, body: String = "a reply in my own words") -> NewOutboxRow {
        NewOutboxRow(target: target, person: "p", body: Array(body.utf8), headers: "{}")
    }

    /// Takes a turn that counts one more and queues one row for `target`.
    func advance(
        _ store: any StateStore, event: TurnEvent?, target: String = "T", forgets: Bool = false,
        seen: inout ConversationState??
    ) throws -> Bool {
        try store.takeTurn(conversation: "c", person: "p", event: event, at: 10, nowMilliseconds: 10_000) { current in
            seen = .some(current)
            return TurnWrite(
                state: forgets ? nil : state(turns: (current?.turns ?? 0) + 1), forgetsPerson: forgets,
                message: "my words", replies: ["a reply"], outbox: [row(target)])
        }
    }

    @Test(arguments: StoreBackend.allCases) func aTurnSavesItsStateTextsAndRowsTogether(_ backend: StoreBackend)
        throws
    {
        let tested = try backend.make(keepsText: true)
        var seen: ConversationState?? = nil
        #expect(try advance(tested.store, event: nil, seen: &seen))
        #expect(seen == .some(nil), "a new conversation starts from no state")
        #expect(try advance(tested.store, event: TurnEvent(adapter: "webhook:generic", id: "e1"), seen: &seen))
        #expect(seen == .some(state(turns: 1)))
        #expect(try tested.store.conversation("c") == state(turns: 2))
        #expect(try tested.count("SELECT COUNT(*) FROM message_text WHERE conversation = 'c'") == 4)
        #expect(try tested.count("SELECT COUNT(*) FROM outbox WHERE person = 'p'") == 2)
        #expect(try tested.store.wasHandled("e1", adapter: "webhook:generic"))
    }

    @Test(arguments: StoreBackend.allCases) func aDuplicateEventChangesNothing(_ backend: StoreBackend) throws {
        let tested = try backend.make()
        let event = TurnEvent(adapter: "webhook:generic", id: "delivery-1")
        var seen: ConversationState?? = nil
        #expect(try advance(tested.store, event: event, seen: &seen))
        seen = nil
        #expect(try !advance(tested.store, event: event, seen: &seen), "the same event again is a duplicate")
        #expect(seen == nil, "the dialogue never ran for the duplicate")
        #expect(try tested.store.conversation("c") == state(turns: 1))
        #expect(try tested.count("SELECT COUNT(*) FROM outbox") == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM handled_event") == 1)
        // Another instance sees the same record.
        #expect(try !advance(try tested.another(), event: event, seen: &seen))
        #expect(try tested.store.conversation("c") == state(turns: 1))
    }

    @Test(arguments: StoreBackend.allCases) func aForgetTurnKeepsTheEventWithoutThePerson(_ backend: StoreBackend)
        throws
    {
        let tested = try backend.make(keepsText: true)
        var seen: ConversationState?? = nil
        #expect(try advance(tested.store, event: TurnEvent(adapter: "a", id: "e1"), seen: &seen))
        #expect(try advance(tested.store, event: TurnEvent(adapter: "a", id: "e2"), forgets: true, seen: &seen))
        #expect(try tested.store.conversation("c") == nil)
        #expect(try tested.count("SELECT COUNT(*) FROM message_text") == 0)
        #expect(try tested.count("SELECT COUNT(*) FROM handled_event WHERE person = 'p'") == 0)
        #expect(try tested.count("SELECT COUNT(*) FROM outbox") == 1, "only the forget's own confirmation")
        #expect(try tested.store.wasHandled("e2", adapter: "a"), "a retry of /forget is still a duplicate")
        #expect(try !advance(tested.store, event: TurnEvent(adapter: "a", id: "e2"), seen: &seen))
    }

    @Test(arguments: StoreBackend.allCases) func aFailingTurnLeavesNothing(_ backend: StoreBackend) throws {
        let tested = try backend.make()
        try tested.store.save(state(turns: 1), conversation: "c", person: "p", at: 1)
        // A state that cannot be read back fails the turn after the event was inserted.
        _ = try tested.count("UPDATE conversation SET state = 'not json' WHERE id = 'c' RETURNING 1")
        #expect(throws: StoreError.corruptState("c")) {
            var seen: ConversationState?? = nil
            _ = try advance(tested.store, event: TurnEvent(adapter: "a", id: "e1"), seen: &seen)
        }
        #expect(try !tested.store.wasHandled("e1", adapter: "a"), "rolled back: a retry is answered")
        #expect(try tested.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    // MARK: - Claims

    /// Queues `bodies` for `target`, one row each, in order.
    func queue(_ store: any StateStore, _ target: String, _ bodies: [String], at milliseconds: Int64 = 1_000) throws {
        try store.recordHandled(
            nil, adapter: "a", person: "p", at: 1, enqueue: bodies.map { row(target, body: $0) },
            nowMilliseconds: milliseconds)
    }

    func bodies(_ rows: [OutboxRow]) -> [String] { rows.map { String(decoding: $0.body, as: UTF8.self) } }

    @Test(arguments: StoreBackend.allCases) func twoInstancesClaimingAtOnceGetDisjointHeads(_ backend: StoreBackend)
        throws
    {
        let tested = try backend.make()
        let targets = (0..<40).map { "T\($0)" }
        for target in targets { try queue(tested.store, target, [target + ".1", target + ".2"]) }
        let instances = [tested.store, try tested.another()]
        let claimed = Mutex<[String: [OutboxRow]]>([:])
        let failures = SimultaneousThreads.run(instances.count) { index in
            // Small batches, so the two really interleave.
            for _ in 0..<10 {
                let rows = try instances[index].claimOutbox(
                    at: 5_000, limit: 4, instance: "instance-\(index)", leaseUntil: 65_000)
                claimed.withLock { $0["instance-\(index)", default: []] += rows }
            }
        }
        #expect(failures.isEmpty)
        let first = Set(claimed.withLock { $0["instance-0", default: []] }.map(\.id))
        let second = Set(claimed.withLock { $0["instance-1", default: []] }.map(\.id))
        #expect(first.isDisjoint(with: second), "no row claimed by both")
        let all = claimed.withLock { $0.values.flatMap { $0 } }
        #expect(Set(bodies(all)) == Set(targets.map { $0 + ".1" }), "every head once, no later row")
        #expect(try tested.count("SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL") == 40)
    }

    @Test(arguments: StoreBackend.allCases) func aClaimedHeadHoldsItsTargetUntilItsLeaseEnds(_ backend: StoreBackend)
        throws
    {
        let tested = try backend.make()
        let first = tested.store
        let second = try tested.another()
        try queue(first, "A", ["a1", "a2", "a3"])
        try queue(first, "B", ["b1"])
        let held = try first.claimOutbox(at: 2_000, limit: 10, instance: "one", leaseUntil: 10_000)
        #expect(bodies(held) == ["a1", "b1"])
        #expect(try second.claimOutbox(at: 3_000, limit: 10, instance: "two", leaseUntil: 11_000).isEmpty)
        #expect(try second.dueOutbox(at: 3_000, limit: 10).isEmpty, "nothing due while both heads are held")
        #expect(try second.nextOutboxDue() == 10_000, "due again when the lease ends")

        // One delivers its B; A's later rows still wait for its head.
        let b1 = try #require(held.last)
        #expect(try !second.removeFromOutbox(b1.id, claimedBy: "two"), "only the holder removes")
        #expect(try first.removeFromOutbox(b1.id, claimedBy: "one"))
        #expect(try second.claimOutbox(at: 4_000, limit: 10, instance: "two", leaseUntil: 12_000).isEmpty)

        // Instance one dies holding a1: after its lease, two takes it over, and one's late answer changes nothing.
        let takenOver = try second.claimOutbox(at: 10_000, limit: 10, instance: "two", leaseUntil: 20_000)
        #expect(bodies(takenOver) == ["a1"])
        let a1 = try #require(takenOver.first)
        #expect(a1.id == held.first?.id)
        #expect(
            try !first.rescheduleOutbox(a1.id, attempts: 1, nextAttemptAt: 0, error: "late", claimedBy: "one"))
        #expect(try !first.moveToDeadLetter(a1.id, attempts: 1, at: 0, error: "late", claimedBy: "one"))
        #expect(try !first.removeFromOutbox(a1.id, claimedBy: "one"))

        // Two's attempt fails: rescheduled and released; then delivered, and the target goes on in order.
        #expect(
            try second.rescheduleOutbox(a1.id, attempts: 1, nextAttemptAt: 12_000, error: "HTTP 503", claimedBy: "two"))
        #expect(try first.claimOutbox(at: 11_000, limit: 10, instance: "one", leaseUntil: 30_000).isEmpty)
        let retried = try first.claimOutbox(at: 12_000, limit: 10, instance: "one", leaseUntil: 30_000)
        #expect(bodies(retried) == ["a1"] && retried.first?.attempts == 1 && retried.first?.lastError == "HTTP 503")
        #expect(try first.removeFromOutbox(a1.id, claimedBy: "one"))
        let next = try second.claimOutbox(at: 12_000, limit: 10, instance: "two", leaseUntil: 30_000)
        #expect(bodies(next) == ["a2"])
        // Released without an attempt (a shutdown), it is claimable at once; a dead letter ends it.
        try second.releaseOutbox(try #require(next.first).id, claimedBy: "two")
        let again = try first.claimOutbox(at: 12_000, limit: 10, instance: "one", leaseUntil: 30_000)
        #expect(bodies(again) == ["a2"])
        #expect(
            try first.moveToDeadLetter(
                try #require(again.first).id, attempts: 1, at: 13_000, error: "HTTP 400", claimedBy: "one"))
        #expect(bodies(try second.claimOutbox(at: 13_000, limit: 10, instance: "two", leaseUntil: 30_000)) == ["a3"])
        #expect(try first.outboxCounts() == (pending: 1, deadLetters: 1))
    }
}

import Foundation
import HavenCore
import HavenStore
import Testing

/// Every store behaviour, run against every store: the embedded SQLite file and PostgreSQL
/// (a throwaway cluster, one database per test). A store that passes this can stand behind
/// `any StateStore` in every adapter.
@Suite struct StoreConformanceTests {
    func state(turns: Int, prompts: [String] = ["criticism.1", "criticism.2"]) -> ConversationState {
        var state = ConversationState()
        state.turns = turns
        state.usedPrompts = prompts
        state.memory = ["criticism"]
        return state
    }

    func row(_ target: String, person: String, body: String = "a reply in my own words") -> NewOutboxRow {
        NewOutboxRow(target: target, person: person, body: Array(body.utf8), headers: #"{"X-Test": "1"}"#)
    }

    @Test(arguments: StoreBackend.allCases) func savesLoadsAndOverwritesAConversation(_ backend: StoreBackend) throws {
        let store = try backend.make().store
        #expect(try store.conversation("tcp:a") == nil)
        try store.save(state(turns: 3), conversation: "tcp:a", person: "tcp:a", at: 100)
        #expect(try store.conversation("tcp:a") == state(turns: 3))
        try store.save(state(turns: 4), conversation: "tcp:a", person: "tcp:a", at: 200)
        #expect(try store.conversation("tcp:a") == state(turns: 4))
        #expect(try store.conversation("tcp:b") == nil)
    }

    @Test(arguments: StoreBackend.allCases) func promptRotationStateRoundTrips(_ backend: StoreBackend) throws {
        let store = try backend.make().store
        var rotating = ConversationState()
        rotating.turns = 9
        rotating.greeted = true
        rotating.stopped = true
        rotating.usedPrompts = ["withdrawal.3", "criticism.1", "contempt.2", "criticism.4"]
        rotating.lastCategory = "criticism"
        rotating.awaitingFollowUp = true
        rotating.memory = ["withdrawal", "criticism", "contempt"]
        try store.save(rotating, conversation: "room:1:@a", person: "@a:example.org", at: 1)
        #expect(try store.conversation("room:1:@a") == rotating)
    }

    @Test(arguments: StoreBackend.allCases) func recordsTextOnlyWhenKeepingIt(_ backend: StoreBackend) throws {
        let plain = try backend.make(keepsText: false)
        #expect(!plain.store.keepsText)
        try plain.store.recordText(
            "words I would rather not keep", conversation: "c", person: "p", fromPerson: true, at: 1)
        #expect(try plain.count("SELECT COUNT(*) FROM message_text") == 0)
        let keeping = try backend.make(keepsText: true)
        try keeping.store.recordText("words kept by choice", conversation: "c", person: "p", fromPerson: true, at: 1)
        try keeping.store.recordText("a reply kept by choice", conversation: "c", person: "p", fromPerson: false, at: 1)
        #expect(try keeping.count("SELECT COUNT(*) FROM message_text WHERE person = 'p'") == 2)
    }

    @Test(arguments: StoreBackend.allCases) func forgetLeavesNoRowAboutThePerson(_ backend: StoreBackend) throws {
        let tested = try backend.make(keepsText: true)
        let store = tested.store
        // A person key with LIKE's wildcards, which must match only itself.
        let alice = "webhook:slack:T1:U_al%ce"
        let bob = "webhook:slack:T1:U_bob"
        for person in [alice, bob] {
            try store.save(state(turns: 1), conversation: "conversation:" + person, person: person, at: 100)
            try store.recordText(
                "something private", conversation: "conversation:" + person, person: person, fromPerson: true, at: 100)
            try store.setValue("x", for: "person:" + person + ":seen")
            try store.recordHandled(
                "event-" + person, adapter: "webhook:slack", person: person, at: 100,
                enqueue: [row("slack", person: person)], nowMilliseconds: 100_000)
            try store.recordHandled(
                nil, adapter: "webhook:slack", person: person, at: 100,
                enqueue: [row("dead:" + person, person: person)], nowMilliseconds: 100_000)
        }
        let dead = try store.dueOutbox(at: 100_000, limit: 10).filter { $0.target.hasPrefix("dead:") }
        #expect(dead.count == 2)
        for row in dead { try store.moveToDeadLetter(row.id, attempts: 3, at: 200_000, error: "HTTP 410") }
        try store.setValue("y", for: "person:webhook:slack:T1:U_alXce:seen")  // a near miss of alice's pattern

        try store.forget(person: alice)

        #expect(try store.conversation("conversation:" + alice) == nil)
        for table in ["conversation", "message_text", "handled_event", "outbox", "dead_letter"] {
            #expect(
                try tested.count("SELECT COUNT(*) FROM \(table) WHERE person = 'webhook:slack:T1:U_al%ce'") == 0,
                "\(table)")
            #expect(
                try tested.count("SELECT COUNT(*) FROM \(table) WHERE person = 'webhook:slack:T1:U_bob'") == 1,
                "\(table) keeps bob")
        }
        #expect(try tested.count("SELECT COUNT(*) FROM adapter_value WHERE key LIKE '%al\\%ce%' ESCAPE '\\'") == 0)
        #expect(try store.value(for: "person:" + bob + ":seen") == "x")
        #expect(try store.value(for: "person:webhook:slack:T1:U_alXce:seen") == "y")
        // Nothing else in any table names her.
        #expect(try tested.count("SELECT COUNT(*) FROM conversation WHERE id LIKE '%al\\%ce%' ESCAPE '\\'") == 0)
        #expect(try tested.count("SELECT COUNT(*) FROM handled_event WHERE event_id LIKE '%al\\%ce%' ESCAPE '\\'") == 0)
    }

    @Test(arguments: StoreBackend.allCases) func expiresOldConversationsTheirTextsAndDeadLetters(
        _ backend: StoreBackend
    ) throws {
        let tested = try backend.make(keepsText: true)
        let store = tested.store
        try store.save(state(turns: 1), conversation: "old", person: "p", at: 100)
        try store.recordText("an old message", conversation: "old", person: "p", fromPerson: true, at: 100)
        try store.save(state(turns: 1), conversation: "new", person: "q", at: 1_000)
        try store.recordText("a new message", conversation: "new", person: "q", fromPerson: true, at: 1_000)
        try store.recordHandled(
            nil, adapter: "a", person: "p", at: 100, enqueue: [row("t1", person: "p")], nowMilliseconds: 100_000)
        try store.recordHandled(
            nil, adapter: "a", person: "q", at: 900, enqueue: [row("t2", person: "q")], nowMilliseconds: 900_000)
        for row in try store.dueOutbox(at: 900_000, limit: 10) {
            try store.moveToDeadLetter(row.id, attempts: 1, at: row.createdAt, error: "HTTP 404")
        }
        #expect(try store.expire(before: 500) == 1)
        #expect(try store.conversation("old") == nil)
        #expect(try store.conversation("new") != nil)
        #expect(try tested.count("SELECT COUNT(*) FROM message_text") == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM message_text WHERE conversation = 'new'") == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM dead_letter") == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM dead_letter WHERE failed_at = 900000") == 1)
        #expect(try store.expire(before: 500) == 0)
    }

    @Test(arguments: StoreBackend.allCases) func theSameEventTwiceIsHandledOnce(_ backend: StoreBackend) throws {
        let tested = try backend.make()
        let store = tested.store
        #expect(try !store.wasHandled("delivery-1", adapter: "webhook:generic"))
        #expect(
            try store.recordHandled(
                "delivery-1", adapter: "webhook:generic", person: "p", at: 10, enqueue: [row("t", person: "p")],
                nowMilliseconds: 10_000))
        #expect(
            try !store.recordHandled(
                "delivery-1", adapter: "webhook:generic", person: "p", at: 11, enqueue: [row("t", person: "p")],
                nowMilliseconds: 11_000))
        #expect(try store.wasHandled("delivery-1", adapter: "webhook:generic"))
        #expect(try tested.count("SELECT COUNT(*) FROM handled_event") == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM outbox") == 1, "the duplicate queued nothing")
        // The same id from another adapter is another event; markHandled says whether it was new.
        #expect(try store.markHandled("delivery-1", adapter: "matrix", person: "p", at: 12))
        #expect(try !store.markHandled("delivery-1", adapter: "matrix", person: "p", at: 13))
        // Pruning takes only old records of the adapters named by the prefix.
        try store.markHandled("old", adapter: "webhook:generic", person: "p", at: 1)
        try store.markHandled("old", adapter: "matrix", person: "p", at: 1)
        try store.pruneHandled(before: 5, adapterPrefix: "webhook:")
        #expect(try !store.wasHandled("old", adapter: "webhook:generic"))
        #expect(try store.wasHandled("old", adapter: "matrix"))
        #expect(try store.wasHandled("delivery-1", adapter: "webhook:generic"))
        // Releasing takes one record and no other: a claim given back can be taken again.
        try store.releaseHandled("delivery-1", adapter: "webhook:generic")
        #expect(try !store.wasHandled("delivery-1", adapter: "webhook:generic"))
        #expect(try store.wasHandled("delivery-1", adapter: "matrix"))
        #expect(try store.markHandled("delivery-1", adapter: "webhook:generic", person: "p", at: 14))
    }

    @Test(arguments: StoreBackend.allCases) func theOutboxDeliversInOrderPerTarget(_ backend: StoreBackend) throws {
        let store = try backend.make().store
        try store.recordHandled(
            nil, adapter: "a", person: "p", at: 1,
            enqueue: [row("A", person: "p", body: "a1"), row("B", person: "p", body: "b1")], nowMilliseconds: 1_000)
        try store.recordHandled(
            nil, adapter: "a", person: "p", at: 2, enqueue: [row("A", person: "p", body: "a2")], nowMilliseconds: 2_000)
        #expect(try store.dueOutbox(at: 999, limit: 10).isEmpty, "nothing is due before it was written")
        #expect(try store.nextOutboxDue() == 1_000)
        let due = try store.dueOutbox(at: 5_000, limit: 10)
        #expect(due.map { String(decoding: $0.body, as: UTF8.self) } == ["a1", "b1"], "one per target, the oldest")
        let first = try #require(due.first)
        #expect(
            first.target == "A" && first.person == "p" && first.headers == #"{"X-Test": "1"}"# && first.attempts == 0)
        #expect(first.createdAt == 1_000 && first.nextAttemptAt == 1_000 && first.lastError == nil)
        #expect(try store.dueOutbox(at: 5_000, limit: 1).count == 1)

        // A failure holds up its target's later rows, not the other targets.
        try store.rescheduleOutbox(first.id, attempts: 1, nextAttemptAt: 9_000, error: "HTTP 503")
        #expect(try store.dueOutbox(at: 5_000, limit: 10).map(\.target) == ["B"])
        #expect(try store.nextOutboxDue() == 1_000)
        let rescheduled = try #require(try store.dueOutbox(at: 9_000, limit: 10).first { $0.target == "A" })
        #expect(
            rescheduled.id == first.id && rescheduled.attempts == 1 && rescheduled.lastError == "HTTP 503"
                && rescheduled.nextAttemptAt == 9_000)

        try store.removeFromOutbox(first.id)
        #expect(
            try store.dueOutbox(at: 9_000, limit: 10).map { String(decoding: $0.body, as: UTF8.self) } == ["b1", "a2"])
        #expect(try store.outboxCounts() == (pending: 2, deadLetters: 0))
    }

    @Test(arguments: StoreBackend.allCases) func aDeadLetterLeavesTheOutboxWithoutItsText(_ backend: StoreBackend)
        throws
    {
        let tested = try backend.make()
        let store = tested.store
        try store.recordHandled(
            nil, adapter: "a", person: "p", at: 1, enqueue: [row("A", person: "p"), row("A", person: "p")],
            nowMilliseconds: 1_000)
        let head = try #require(try store.dueOutbox(at: 1_000, limit: 10).first)
        try store.moveToDeadLetter(head.id, attempts: 8, at: 3_000, error: "HTTP 400")
        #expect(try store.outboxCounts() == (pending: 1, deadLetters: 1))
        #expect(try store.dueOutbox(at: 1_000, limit: 10).first?.id != head.id, "the next row of the target is due")
        #expect(
            try tested.count(
                "SELECT COUNT(*) FROM dead_letter WHERE target = 'A' AND person = 'p' AND attempts = 8 AND failed_at = 3000 AND created_at = 1000 AND last_error = 'HTTP 400'"
            ) == 1)
        #expect(try tested.count("SELECT COUNT(*) FROM dead_letter WHERE length(body) = 0 AND headers = '{}'") == 1)
        let keeping = try backend.make(keepsText: true)
        try keeping.store.recordHandled(
            nil, adapter: "a", person: "p", at: 1, enqueue: [row("A", person: "p")], nowMilliseconds: 1_000)
        try keeping.store.moveToDeadLetter(
            try #require(try keeping.store.dueOutbox(at: 1_000, limit: 1).first).id, attempts: 1, at: 2_000,
            error: "HTTP 404")
        #expect(try keeping.count("SELECT COUNT(*) FROM dead_letter WHERE length(body) > 0") == 1, "kept by choice")
    }

    @Test(arguments: StoreBackend.allCases) func keepsAdapterValues(_ backend: StoreBackend) throws {
        let store = try backend.make().store
        #expect(try store.value(for: "matrix.next_batch") == nil)
        try store.setValue("s1", for: "matrix.next_batch")
        try store.setValue("s2", for: "matrix.next_batch")
        #expect(try store.value(for: "matrix.next_batch") == "s2")
        try store.setValue(nil, for: "matrix.next_batch")
        #expect(try store.value(for: "matrix.next_batch") == nil)
    }
}

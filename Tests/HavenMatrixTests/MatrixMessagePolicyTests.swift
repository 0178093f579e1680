import HavenMatrix
import HavenRuntime
import Testing

/// Which room messages Haven answers: pure decisions, no homeserver needed.
struct MatrixMessagePolicyTests {
    let policy: MatrixMessagePolicy = {
        var settings = MatrixSettings()
        settings.userID = "@haven:example.org"
        settings.ignoreUsers = ["@otherbot:example.org"]
        settings.allowedInviters = ["@alice:example.org", ":trusted.org"]
        return MatrixMessagePolicy(settings: settings)
    }()

    func event(_ body: String, sender: String = "@alice:example.org", msgtype: String = "m.text", extra: [String: JSONValue] = [:], at time: Int64 = 2_000) -> MatrixEvent {
        var content: [String: JSONValue] = ["msgtype": .string(msgtype), "body": .string(body)]
        for (key, value) in extra { content[key] = value }
        return MatrixEvent(.object([
            "type": .string("m.room.message"), "sender": .string(sender), "event_id": .string("$e"),
            "origin_server_ts": .number(Double(time)), "content": .object(content),
        ]))!
    }

    func text(_ event: MatrixEvent, direct: Bool = true, joinedAt: Int64? = 1_000) -> String? {
        try? policy.text(of: event, isDirect: direct, joinedAt: joinedAt).get()
    }

    func skip(_ event: MatrixEvent, direct: Bool = true, joinedAt: Int64? = 1_000) -> MatrixMessagePolicy.Skip? {
        if case .failure(let reason) = policy.text(of: event, isDirect: direct, joinedAt: joinedAt) { return reason.reason }
        return nil
    }

    @Test func answersPlainMessagesInDirectRooms() {
        #expect(text(event("you never listen to me")) == "you never listen to me")
    }

    @Test func skipsItselfNoticesEditsIgnoredUsersAndOldEvents() {
        #expect(skip(event("hi", sender: "@haven:example.org")) == .ownMessage)
        #expect(skip(event("hi", msgtype: "m.notice")) == .notice)
        #expect(skip(event("* fixed", extra: ["m.relates_to": .object(["rel_type": .string("m.replace"), "event_id": .string("$x")])])) == .edit)
        #expect(skip(event("hi", sender: "@otherbot:example.org")) == .ignoredUser)
        #expect(skip(event("hi", at: 500)) == .beforeJoin)
    }

    @Test func answersGroupRoomsOnlyWhenAddressed() {
        #expect(skip(event("you never listen to me"), direct: false) == .notAddressed)
        #expect(text(event("haven: you never listen to me"), direct: false) == "you never listen to me")
        #expect(text(event("!haven help"), direct: false) == "help")
        let mentioned = event("hey, he never listens", extra: ["m.mentions": .object(["user_ids": .array([.string("@haven:example.org")])])])
        #expect(text(mentioned, direct: false) != nil)
        #expect(skip(event("haveneverything is fine"), direct: false) == .notAddressed, "a name inside a word is not an address")
    }

    @Test func readsARepliesOwnTextNotTheQuotedFallback() {
        let reply = event("> <@bob:example.org> earlier words\n> more\n\nmy own answer")
        #expect(text(reply) == "my own answer")
    }

    @Test func acceptsInvitesOnlyFromAllowedPeopleOrServers() {
        #expect(policy.mayInvite("@alice:example.org"))
        #expect(policy.mayInvite("@anyone:trusted.org"))
        #expect(!policy.mayInvite("@mallory:example.org"))
    }

    @Test func keepsThreadRepliesInTheirThread() {
        let threaded = event("he never listens", extra: ["m.relates_to": .object(["rel_type": .string("m.thread"), "event_id": .string("$root")])])
        #expect(threaded.threadRoot == "$root")
        #expect(!threaded.isEdit)
    }
}

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

    func event(
        _ body: String, sender: String = "@alice:example.org", msgtype: String = "m.text",
        extra: [String: JSONValue] = [:], at time: Int64 = 2_000
    ) -> MatrixEvent {
        var content: [String: JSONValue] = ["msgtype": .string(msgtype), "body": .string(body)]
        for (key, value) in extra { content[key] = value }
        return MatrixEvent(
            .object([
                "type": .string("m.room.message"), "sender": .string(sender), "event_id": .string("$e"),
                "origin_server_ts": .number(Double(time)), "content": .object(content),
            ]))!
    }

    func text(_ event: MatrixEvent, direct: Bool = true) -> String? {
        try? policy.text(of: event, isDirect: direct).get()
    }

    func skip(_ event: MatrixEvent, direct: Bool = true) -> MatrixMessagePolicy.Skip? {
        if case .failure(let reason) = policy.text(of: event, isDirect: direct) { return reason.reason }
        return nil
    }

    /// A membership event for `user`, with the membership it replaces as the server reports it.
    func member(_ user: String, _ membership: String, previous: String? = nil, at time: Int64 = 2_000) -> MatrixEvent {
        var json: [String: JSONValue] = [
            "type": .string("m.room.member"), "sender": .string(user), "state_key": .string(user),
            "event_id": .string("$m"),
            "origin_server_ts": .number(Double(time)), "content": .object(["membership": .string(membership)]),
        ]
        if let previous { json["unsigned"] = .object(["prev_content": .object(["membership": .string(previous)])]) }
        return MatrixEvent(.object(json))!
    }

    @Test func answersPlainMessagesInDirectRooms() {
        #expect(text(event("you never listen to me")) == "you never listen to me")
    }

    @Test func skipsItselfNoticesEditsAndIgnoredUsers() {
        #expect(skip(event("hi", sender: "@haven:example.org")) == .ownMessage)
        #expect(skip(event("hi", msgtype: "m.notice")) == .notice)
        #expect(
            skip(
                event(
                    "* fixed",
                    extra: ["m.relates_to": .object(["rel_type": .string("m.replace"), "event_id": .string("$x")])]))
                == .edit)
        #expect(skip(event("hi", sender: "@otherbot:example.org")) == .ignoredUser)
    }

    @Test func answersWhatCameAfterItsJoinInTimelineOrderWhateverTheClocksSay() {
        let before = event("words from before the bot came", at: 1_000)
        let join = member("@haven:example.org", "join", previous: "invite", at: 5_000)
        // The homeserver ordered this after the join; a bot clock ahead of it would call it earlier.
        let after = event("words right after it came", at: 4_000)
        #expect(policy.isOwnJoin(join))
        #expect(policy.sinceJoin([before, join, after]).map(\.body) == [after.body])
        #expect(policy.sinceJoin([before, after]).count == 2, "no join in sight: the bot was in the room before these")
        let rename = member("@haven:example.org", "join", previous: "join")
        #expect(!policy.isOwnJoin(rename), "a profile change is not a join")
        #expect(policy.sinceJoin([before, rename, after]).count == 3)
        #expect(!policy.isOwnJoin(member("@alice:example.org", "join", previous: "invite")))
        let rejoin = member("@haven:example.org", "join", previous: "leave")
        #expect(policy.sinceJoin([before, join, after, rejoin]).isEmpty, "the latest join counts")
    }

    @Test func answersGroupRoomsOnlyWhenAddressed() {
        #expect(skip(event("you never listen to me"), direct: false) == .notAddressed)
        #expect(text(event("haven: you never listen to me"), direct: false) == "you never listen to me")
        #expect(text(event("!haven help"), direct: false) == "help")
        let mentioned = event(
            "hey, he never listens",
            extra: ["m.mentions": .object(["user_ids": .array([.string("@haven:example.org")])])])
        #expect(text(mentioned, direct: false) != nil)
        #expect(
            skip(event("haveneverything is fine"), direct: false) == .notAddressed,
            "a name inside a word is not an address")
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
        let threaded = event(
            "he never listens",
            extra: ["m.relates_to": .object(["rel_type": .string("m.thread"), "event_id": .string("$root")])])
        #expect(threaded.threadRoot == "$root")
        #expect(!threaded.isEdit)
    }
}

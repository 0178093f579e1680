import Foundation
import HavenCore
import HavenCoreTesting
import HavenHTTP
import HavenRuntime
import HavenServerTesting
import HavenStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Haven as a Matrix application service against a real Synapse that pushes transactions to it.
@Suite(.serialized)
struct MatrixAppServiceTests {
    let homeserver: AppServiceHomeserver

    init() throws {
        homeserver = try AppServiceHomeserver.shared.get()
    }

    func freshState() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("haven-appsvc-\(UUID().uuidString).sqlite").path
    }

    /// The bot's replies in `room`, the ids of the events they answer, oldest first.
    func replies(_ human: MatrixHuman, _ room: String) async throws -> [String?] {
        try await human.messages(in: room, from: homeserver.botUser).map {
            $0["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string
        }
    }

    /// alice invites the bot to a direct room and waits until it has joined.
    func directRoom(_ alice: MatrixHuman) async throws -> String {
        let room = try await alice.createRoom(invite: [homeserver.botUser])
        let joined = try await alice.waitUntil(timeout: 90) {
            try await alice.members(room).contains(homeserver.botUser)
        }
        #expect(joined, "the bot accepts the invite")
        return room
    }

    @Test func theRegistrationNamesTheBotAndBothTokens() throws {
        let yaml = homeserver.registration
        #expect(yaml.contains("id: \"haven-test\"\n"))
        #expect(yaml.contains("url: \"http://127.0.0.1:\(homeserver.port)\"\n"))
        #expect(yaml.contains("as_token: \"\(homeserver.asToken)\"\n"))
        #expect(yaml.contains("hs_token: \"\(homeserver.hsToken)\"\n"))
        #expect(yaml.contains("sender_localpart: \"haven-as\"\n"))
        #expect(yaml.contains("regex: \"^@haven\\\\-as:localhost$\"\n"))
        #expect(yaml.contains("exclusive: true"))
        #expect(yaml.contains("rate_limited: false"))
    }

    @Test func aDirectMessageIsAnsweredExactlyOnce() async throws {
        let haven = try homeserver.startHaven(state: freshState())
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        let message = try await alice.send("You never listen to me", to: room)
        #expect(try await alice.waitUntil(timeout: 90) { try await replies(alice, room).count == 1 })
        try await Task.sleep(for: .seconds(3))
        #expect(try await replies(alice, room) == [message], "exactly one reply, to the message")
        haven.signal(SIGTERM)
        #expect(haven.wait(timeout: 30).status == 0)
    }

    @Test func aReplayedTransactionIsNotAnsweredAgain() async throws {
        let haven = try homeserver.startHaven(state: freshState())
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        let first = AppServiceHomeserver.message("you never listen to me", from: alice.user, in: room)
        let id = "replay-\(UUID().uuidString)"
        let path = "/_matrix/app/v1/transactions/\(id)"
        let pushed = try await homeserver.push(
            .put, path, body: AppServiceHomeserver.transaction([first]), token: homeserver.hsToken)
        #expect(pushed.status == 200)
        #expect(pushed.body == .object([:]))
        #expect(try await alice.waitUntil { try await replies(alice, room).count == 1 })

        // The same transaction again, even with another event in it: done already.
        let second = AppServiceHomeserver.message("she never listens to me", from: alice.user, in: room)
        let replayed = try await homeserver.push(
            .put, path, body: AppServiceHomeserver.transaction([first, second]), token: homeserver.hsToken)
        #expect(replayed.status == 200)
        // The same event in a new transaction: answered already.
        let again = try await homeserver.push(
            .put, "/_matrix/app/v1/transactions/other-\(UUID().uuidString)",
            body: AppServiceHomeserver.transaction([first]), token: homeserver.hsToken)
        #expect(again.status == 200)
        try await Task.sleep(for: .seconds(3))
        #expect(try await replies(alice, room) == [first["event_id"]?.string], "one reply only")
        haven.signal(SIGTERM)
        _ = haven.wait(timeout: 30)
    }

    /// The homeserver resends a transaction it gave up waiting for while the first copy is still
    /// being handled (by this instance or another on the same store): the copy is refused with
    /// 500 and sent again later, so the person's conversation takes one turn, not two.
    @Test func aTransactionStillBeingHandledIsNotTakenTwice() async throws {
        let state = freshState()
        let haven = try homeserver.startHaven(state: state)
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        let message = AppServiceHomeserver.message("you never listen to me", from: alice.user, in: room)
        let path = "/_matrix/app/v1/transactions/twice-\(UUID().uuidString)"
        let body = AppServiceHomeserver.transaction([message])
        let token = homeserver.hsToken
        let homeserver = homeserver
        async let first = homeserver.push(.put, path, body: body, token: token)
        async let second = homeserver.push(.put, path, body: body, token: token)
        let statuses = try await [first.status, second.status].sorted()
        #expect(statuses.first == 200, "one copy is handled: \(statuses)")
        // The refused copy comes back, as the homeserver's retry would, and finds it done.
        let retried = try await homeserver.push(.put, path, body: body, token: token)
        #expect(retried.status == 200)
        #expect(try await alice.waitUntil { try await replies(alice, room).count == 1 })
        haven.signal(SIGTERM)
        #expect(haven.wait(timeout: 30).status == 0)
        let store = try SQLiteStateStore(path: state)
        let turns = try store.database.query("SELECT state FROM conversation").count
        #expect(turns == 1, "one conversation")
        let id = "matrix:\(room):\(alice.user)"
        #expect(try store.conversation(id)?.turns == 1, "the message took one turn")
    }

    @Test func aMessageSentWhileHavenIsDownIsAnsweredOnceWhenItIsBack() async throws {
        let state = freshState()
        var haven = try homeserver.startHaven(state: state)
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        haven.signal(SIGTERM)
        #expect(haven.wait(timeout: 30).status == 0)

        let message = try await alice.send("you never listen to me", to: room)
        // Synapse tries to push it, fails, and backs off (2 s, then 4 s …).
        try await Task.sleep(for: .seconds(3))
        #expect(try await replies(alice, room).isEmpty)
        haven = try homeserver.startHaven(state: state)
        #expect(try await alice.waitUntil(timeout: 120) { try await replies(alice, room).count == 1 })
        try await Task.sleep(for: .seconds(3))
        #expect(try await replies(alice, room) == [message], "answered once, after the homeserver retried")
        haven.signal(SIGTERM)
        _ = haven.wait(timeout: 30)
    }

    @Test func aRequestWithoutTheHomeserverTokenIsRefusedAndNothingIsHandled() async throws {
        let haven = try homeserver.startHaven(state: freshState())
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        let event = AppServiceHomeserver.message("you never listen to me", from: alice.user, in: room)
        let body = AppServiceHomeserver.transaction([event])
        let path = "/_matrix/app/v1/transactions/forged-\(UUID().uuidString)"

        let missing = try await homeserver.push(.put, path, body: body, token: nil)
        #expect(missing.status == 401)
        #expect(missing.body?["errcode"]?.string == "M_UNAUTHORIZED")
        let wrong = try await homeserver.push(.put, path, body: body, token: homeserver.asToken)
        #expect(wrong.status == 403)
        #expect(wrong.body?["errcode"]?.string == "M_FORBIDDEN")
        let users = try await homeserver.push(.get, "/_matrix/app/v1/users/%40haven-as%3Alocalhost", token: "x")
        #expect(users.status == 403)
        try await Task.sleep(for: .seconds(3))
        #expect(try await replies(alice, room).isEmpty, "nothing was answered")

        // The same transaction with the token is handled: it was not recorded by the refusals.
        let accepted = try await homeserver.push(.put, path, body: body, token: homeserver.hsToken)
        #expect(accepted.status == 200)
        #expect(try await alice.waitUntil { try await replies(alice, room).count == 1 })
        haven.signal(SIGTERM)
        _ = haven.wait(timeout: 30)
    }

    @Test func aTransactionIsRefusedWith500WhileTheHomeserverIsDownAndAnsweredOnceWhenRetried() async throws {
        let haven = try homeserver.startHaven(state: freshState())
        defer { haven.signal(SIGKILL) }
        let alice = try homeserver.human("alice")
        let room = try await directRoom(alice)
        let event = AppServiceHomeserver.message("you never listen to me", from: alice.user, in: room)
        let path = "/_matrix/app/v1/transactions/outage-\(UUID().uuidString)"
        let body = AppServiceHomeserver.transaction([event])

        try homeserver.synapse.pause()
        let failed = try await homeserver.push(.put, path, body: body, token: homeserver.hsToken)
        try homeserver.synapse.resume()
        #expect(failed.status == 500, "the homeserver must send it again")
        #expect(failed.body?["errcode"]?.string == "M_UNKNOWN")
        #expect(try await replies(alice, room).isEmpty)

        let retried = try await homeserver.push(.put, path, body: body, token: homeserver.hsToken)
        #expect(retried.status == 200)
        #expect(try await alice.waitUntil { try await replies(alice, room).count == 1 })
        let again = try await homeserver.push(.put, path, body: body, token: homeserver.hsToken)
        #expect(again.status == 200)
        try await Task.sleep(for: .seconds(2))
        #expect(try await replies(alice, room).count == 1, "answered once")
        haven.signal(SIGTERM)
        _ = haven.wait(timeout: 30)
    }

    @Test func hostileBodiesAreRefusedAndTheListenerKeepsServing() async throws {
        let haven = try homeserver.startHaven(state: freshState())
        defer { haven.signal(SIGKILL) }
        let token = homeserver.hsToken
        func put(_ body: [UInt8]) async throws -> (status: Int, body: JSONValue?) {
            try await homeserver.push(
                .put, "/_matrix/app/v1/transactions/hostile-\(UUID().uuidString)", body: body, token: token)
        }
        let huge = try await put(Array(repeating: UInt8(ascii: " "), count: 2 * 1_048_576))
        #expect(huge.status == 413)
        #expect(huge.body?["errcode"]?.string == "M_TOO_LARGE")
        let deep = try await put(Array(repeating: UInt8(ascii: "["), count: 200_000))
        #expect(deep.status == 400)
        #expect(deep.body?["errcode"]?.string == "M_BAD_JSON")
        let deepObject = try await put(Array(String(repeating: "{\"a\":", count: 100_000).utf8))
        #expect(deepObject.status == 400)
        let notJSON = try await put(Array("not json".utf8))
        #expect(notJSON.status == 400)
        #expect(notJSON.body?["errcode"]?.string == "M_NOT_JSON")
        let noEvents = try await put(Array("{\"events\": 3}".utf8))
        #expect(noEvents.status == 400)
        #expect(noEvents.body?["errcode"]?.string == "M_BAD_JSON")
        let junkEvents = try await put(Array("{\"events\": [1, null, {\"type\": []}, {}]}".utf8))
        #expect(junkEvents.status == 200, "events Haven cannot read are passed over")

        let bot = try await homeserver.push(.get, "/_matrix/app/v1/users/%40haven-as%3Alocalhost", token: token)
        #expect(bot.status == 200)
        #expect(bot.body == .object([:]))
        let stranger = try await homeserver.push(.get, "/_matrix/app/v1/users/%40bob%3Alocalhost", token: token)
        #expect(stranger.status == 404)
        let alias = try await homeserver.push(.get, "/_matrix/app/v1/rooms/%23any%3Alocalhost", token: token)
        #expect(alias.status == 404)
        let ping = try await homeserver.push(.post, "/_matrix/app/v1/ping", body: Array("{}".utf8), token: token)
        #expect(ping.status == 200)
        let legacy = try await homeserver.push(.put, "/transactions/1", body: Array("{}".utf8), token: token)
        #expect(legacy.status == 404, "the unprefixed legacy paths are not served")
        haven.signal(SIGTERM)
        #expect(haven.wait(timeout: 30).status == 0, "still serving, and it stops cleanly")
    }
}

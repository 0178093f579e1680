import Foundation
import HavenCore
import HavenCoreTesting
import HavenHTTP
import HavenRuntime
import HavenServerTesting
import Testing

/// The Matrix adapter against a real Synapse on 127.0.0.1: people invite Haven and talk to it.
@Suite(.serialized)
struct MatrixAdapterTests {
    let synapse: SynapseHarness

    init() throws {
        synapse = try SynapseHarness.shared.get()
    }

    /// A bot and a person, each a fresh user, so tests do not see each other's rooms.
    func people(_ names: String...) throws -> (bot: (user: String, token: String), humans: [MatrixHuman]) {
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let bot = try synapse.register("haven-\(suffix)")
        let humans = try names.map { name in
            let account = try synapse.register("\(name)-\(suffix)")
            return MatrixHuman(user: account.user, token: account.token, baseURL: synapse.baseURL)
        }
        return (bot, humans)
    }

    /// Replies by the bot in a room: (body, the event it answers).
    func replies(_ human: MatrixHuman, _ room: String, bot: String) async throws -> [(body: String, inReplyTo: String?)]
    {
        try await human.messages(in: room, from: bot).map { event in
            (
                event["content"]?["body"]?.string ?? "",
                event["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.string
            )
        }
    }

    func criticismPrompt(_ reply: String) throws -> Bool {
        let rules = try TestRules.shippedRuleSet()
        let prompts = try #require(rules.category("criticism")).prompts + rules.category("unheard")!.prompts
        return prompts.contains { prompt in
            let pieces = prompt.text.components(separatedBy: "{").map { $0.components(separatedBy: "}").last ?? $0 }
            let pattern = "^" + pieces.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: ".+") + "$"
            return reply.range(of: pattern, options: .regularExpression) != nil
        }
    }

    static let note =
        "Hi, I'm Haven, a reflection bot about emotional safety in relationships. I'm not a therapist or an emergency service; type /help to see what I can do. "

    @Test func answersEachMessageInADirectRoomOnceWithTheRightPattern() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(
            try await alice.waitUntil { try await alice.members(room).contains(bot.user) }, "the bot accepts the invite"
        )
        let first = try await alice.send("You never listen to me", to: room)
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count == 1 })
        let reply = try #require(try await replies(alice, room, bot: bot.user).first)
        #expect(reply.inReplyTo == first)
        #expect(reply.body.hasPrefix(Self.note))
        #expect(try criticismPrompt(String(reply.body.dropFirst(Self.note.count))), "a criticism reply: \(reply.body)")
        let notice = try #require(try await alice.messages(in: room, from: bot.user).first)
        #expect(notice["content"]?["msgtype"]?.string == "m.notice")
        #expect(notice["content"]?["m.mentions"]?["user_ids"] == .array([.string(alice.user)]))

        let second = try await alice.send("he hit me last night", to: room)
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count == 2 })
        try await Task.sleep(for: .seconds(2))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 2, "exactly one reply per message")
        #expect(all.last?.inReplyTo == second)
        #expect(all.last?.body.contains("emergency") == true)
        #expect(server.stop().status == 0)
    }

    @Test func answersInAGroupRoomOnlyWhenAddressed() async throws {
        let (bot, humans) = try people("alice", "bob")
        let (alice, bob) = (humans[0], humans[1])
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL)
        let room = try await alice.createRoom(invite: [bot.user, bob.user], direct: false)
        try await bob.join(room)
        #expect(try await alice.waitUntil { try await alice.members(room).count == 3 })
        _ = try await alice.send("you never listen to me", to: room)
        let localpart = String(bot.user.dropFirst().prefix { $0 != ":" })
        let addressed = try await bob.send("\(localpart): she never listens to me", to: room, mentions: [bot.user])
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count >= 1 })
        try await Task.sleep(for: .seconds(3))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 1, "only the message that addressed Haven is answered")
        #expect(all.first?.inReplyTo == addressed)
        _ = server.stop()
    }

    @Test func answersEveryMessageExactlyOnceAcrossASIGKILL() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-matrix-\(UUID().uuidString).sqlite"
        ).path
        var server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL, state: state)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        var sent: [String] = []
        for index in 0..<50 {
            sent.append(try await alice.send("you never listen to me, message \(index)", to: room))
            if index == 20 {
                // Kill mid-burst, once the bot has started answering.
                _ = try await alice.waitUntil(timeout: 20) { try await replies(alice, room, bot: bot.user).count >= 3 }
                server.child.signal(SIGKILL)
                _ = server.child.wait(timeout: 10)
            }
        }
        server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL, state: state)
        #expect(try await alice.waitUntil(timeout: 120) { try await replies(alice, room, bot: bot.user).count >= 50 })
        try await Task.sleep(for: .seconds(3))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 50, "none lost, none twice: \(all.count)")
        #expect(Set(all.compactMap(\.inReplyTo)) == Set(sent))
        _ = server.stop()
    }

    @Test func answersABurstInOrderUnderARateLimit() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let admin = try synapse.register("admin-\(UUID().uuidString.prefix(6).lowercased())", admin: true)
        let adminClient = MatrixHuman(user: admin.user, token: admin.token, baseURL: synapse.baseURL)
        try await adminClient.call(
            .post, "/users/\(MatrixHuman.segment(bot.user))/override_ratelimit",
            .object(["messages_per_second": .number(2), "burst_count": .number(2)]), prefix: "/_synapse/admin/v1")
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        var sent: [String] = []
        for index in 0..<30 { sent.append(try await alice.send("you never listen to me, number \(index)", to: room)) }
        #expect(try await alice.waitUntil(timeout: 120) { try await replies(alice, room, bot: bot.user).count >= 30 })
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 30)
        #expect(all.compactMap(\.inReplyTo) == sent, "in order")
        let result = server.stop()
        #expect(result.stderrText.contains("rate limited by the homeserver"), "the limit was really hit")
    }

    @Test func backsOffDuringAnOutageAndAnswersWhatWasSentMeanwhile() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        _ = try await alice.send("you never listen to me", to: room)
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count == 1 })
        _ = try await alice.send("he never listens to me either", to: room)
        try synapse.pause()
        // Every failed request to the homeserver is logged once (a sync, or a send being retried).
        func failedRequests() -> Int {
            let log = server.child.stderrSoFar
            return log.components(separatedBy: "matrix sync failed").count
                + log.components(separatedBy: "matrix request retried").count - 2
        }
        let before = failedRequests()
        try await Task.sleep(for: .seconds(20))
        let during = failedRequests() - before
        try synapse.resume()
        let resumed = MatrixHuman(user: alice.user, token: alice.token, baseURL: synapse.baseURL)
        _ = try await resumed.send("she never listens to me", to: room)
        #expect(try await resumed.waitUntil(timeout: 90) { try await replies(resumed, room, bot: bot.user).count == 3 })
        print("matrix outage: \(during) failed requests to the homeserver in 20 s")
        #expect(during >= 1, "the outage was noticed")
        #expect(during <= 12, "backoff, not a hot loop: \(during) attempts in 20 s")
        _ = server.stop()
    }

    /// With the shipped rules, and with a rule folder whose `dialogue.yaml` rewords the notice.
    @Test(arguments: [false, true])
    func saysOnceThatItCannotReadEncryptedRoomsAndLeaves(editedDialogue: Bool) async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let rules =
            editedDialogue ? try TestRules.folder(["dialogue.yaml": TestRules.editedDialogue]) : TestRules.promptsPath
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL, rules: rules)
        let room = try await alice.createRoom(invite: [bot.user], encrypted: true)
        _ = try await alice.send("you never listen to me", to: room)
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count >= 1 })
        #expect(try await alice.waitUntil { try await !alice.members(room).contains(bot.user) }, "the bot leaves")
        try await Task.sleep(for: .seconds(2))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 1)
        let notice =
            editedDialogue
            ? "Edited notice: this room is encrypted, so I am off." : "can't read end-to-end encrypted rooms"
        #expect(all.first?.body.contains(notice) == true, "\(all.map(\.body))")
        _ = server.stop()
    }

    @Test func doesNotAnswerMessagesFromBeforeAFreshStart() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let botAsPerson = MatrixHuman(user: bot.user, token: bot.token, baseURL: synapse.baseURL)
        let room = try await alice.createRoom(invite: [bot.user])
        try await botAsPerson.join(room)
        _ = try await alice.send("you never listen to me (before Haven ran)", to: room)
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL)
        try await Task.sleep(for: .seconds(3))
        let fresh = try await alice.send("you never listen to me (after)", to: room)
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count >= 1 })
        try await Task.sleep(for: .seconds(2))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == 1)
        #expect(all.first?.inReplyTo == fresh)
        _ = server.stop()
    }

    @Test func stopsWithAClearMessageWhenTheTokenIsRejected() throws {
        let config = try temporaryConfig(
            """
            {"adapters": {"matrix": {"enabled": true, "homeserver": "\(synapse.baseURL)", "userID": "@nobody:localhost",
                                     "accessTokenEnv": "HAVEN_TEST_MATRIX_TOKEN"}}}
            """)
        let child = try ChildProcess(
            HavenBinary.path, ["serve", "--config", config, "--state", ":memory:"],
            environment: ["HAVEN_TEST_MATRIX_TOKEN": "not-a-token"])
        let result = child.wait(timeout: 60)
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "the homeserver rejected the access token (M_UNKNOWN_TOKEN); the Matrix adapter stops"))
        #expect(!result.stderrText.contains("not-a-token"), "the token never appears in logs")
    }
}

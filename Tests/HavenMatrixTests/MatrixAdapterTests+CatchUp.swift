import Foundation
import HavenServerTesting
import Testing

/// Catching up: messages that arrive while Haven is stopped, more than one `/sync` timeline holds,
/// and messages that arrive while the bot's own join is still on its way back to it.
extension MatrixAdapterTests {
    /// Messages sent while Haven was stopped: `count` of them, after one answered message.
    func sendWhileStopped(_ count: Int) async throws -> (
        bot: (user: String, token: String), alice: MatrixHuman, room: String, state: String, sent: [String]
    ) {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-matrix-\(UUID().uuidString).sqlite"
        ).path
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL, state: state)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        var sent = [try await alice.send("you never listen to me", to: room)]
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count == 1 })
        #expect(server.stop().status == 0)
        for index in 0..<count {
            sent.append(
                try await alice.send(
                    "you never listen to me, written while the bot was away, number \(index)", to: room))
        }
        return (bot, alice, room, state, sent)
    }

    @Test func answersEveryMessageSentWhileItWasStoppedOnceAndInOrder() async throws {
        // 120 is more than twice the 50 events a /sync timeline holds: the back-fill takes several pages.
        let (bot, alice, room, state, sent) = try await sendWhileStopped(120)
        let restart = ContinuousClock.now
        let server = try startBot(token: bot.token, user: bot.user, baseURL: synapse.baseURL, state: state)
        // Messages are answered in order, so once the newest has its reply every earlier reply was sent.
        #expect(
            try await alice.waitUntil(timeout: 180) {
                try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == sent.last }
            })
        let caughtUp = ContinuousClock.now - restart
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.count == sent.count, "none lost, none twice: \(all.count) replies to \(sent.count) messages")
        #expect(all.compactMap(\.inReplyTo) == sent, "each answered once, oldest first")
        let log = server.stop().stderrText
        let backfilled = log.split(separator: "\n").filter { $0.contains("matrix timeline back-filled") }
        print(
            "matrix catch-up after 120 missed messages: last reply \(caughtUp) after the restart; \(backfilled.joined(separator: " | "))"
        )
        // At least one: the bot's own 120 replies cut the next timeline short too, and are walked over.
        #expect(!backfilled.isEmpty)
        #expect(!log.contains("written while the bot was away"), "no message text in the log")
    }

    @Test func answersTheNewestMissedMessagesAndSaysSoWhenTheBackfillLimitIsReached() async throws {
        let (bot, alice, room, state, sent) = try await sendWhileStopped(120)
        let server = try startBot(
            token: bot.token, user: bot.user, baseURL: synapse.baseURL, state: state,
            settings: #""maxBackfillEvents": 30"#)
        #expect(
            try await alice.waitUntil(timeout: 120) {
                try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == sent.last }
            })
        let all = try await replies(alice, room, bot: bot.user)
        // Of the 120 missed, the /sync timeline holds the 50 newest and the back-fill may add 30.
        #expect(all.compactMap(\.inReplyTo) == [sent[0]] + sent.suffix(80), "the 80 newest, each once, oldest first")
        let log = server.stop().stderrText
        #expect(
            log.contains("matrix back-fill stopped at its limit; older missed messages in this room are not answered"))
        #expect(!log.contains("written while the bot was away"), "no message text in the log")
    }

    @Test func answersWhatTheTimelineHoldsWhenTheHomeserverRefusesToPageBack() async throws {
        let (bot, alice, room, state, sent) = try await sendWhileStopped(60)
        let proxy = try await HomeserverProxy.start(upstream: synapse.baseURL, holdingJoins: false, messagesStatus: 403)
        let server = try startBot(token: bot.token, user: bot.user, baseURL: proxy.baseURL, state: state)
        // A refused back-fill must not stop the adapter: the 50 newest are answered, the loss is logged.
        #expect(
            try await alice.waitUntil {
                try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == sent.last }
            })
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.compactMap(\.inReplyTo) == [sent[0]] + sent.suffix(50))
        let log = server.stop().stderrText
        #expect(log.contains("matrix back-fill failed; older missed messages in this room are not answered"))
        #expect(!log.contains("written while the bot was away"), "no message text in the log")
        await proxy.shutdown()
    }

    @Test func answersAMessageSentBeforeItsJoinHasReturned() async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let proxy = try await HomeserverProxy.start(upstream: synapse.baseURL)
        let server = try startBot(token: bot.token, user: bot.user, baseURL: proxy.baseURL)
        let room = try await alice.createRoom(invite: [bot.user])
        // The bot is in the room on the homeserver, but its join request has not returned yet.
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        let early = try await alice.send("you never listen to me", to: room)
        // Let the clock move on, as it does for a slow answer or a bot clock ahead of the homeserver's:
        // only the homeserver's order of events may decide what came after the join.
        try await Task.sleep(for: .milliseconds(50))
        proxy.releaseJoins()
        let later = try await alice.send("he never listens to me either", to: room)
        #expect(
            try await alice.waitUntil {
                try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == later }
            })
        let all = try await replies(alice, room, bot: bot.user)
        #expect(all.compactMap(\.inReplyTo) == [early, later], "the message sent right after the join is answered too")
        _ = server.stop()
        await proxy.shutdown()
    }
}

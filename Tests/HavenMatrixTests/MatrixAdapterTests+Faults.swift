import Foundation
import HavenServerTesting
import Testing

/// A homeserver, or the network to it, that misbehaves while Haven runs: every message sent
/// meanwhile is answered once when it behaves again, and what went wrong is in the log.
extension MatrixAdapterTests {
    /// What the log shows when a request to the homeserver fails: a sync restarted by the watchdog
    /// or retried, a send retried with the same transaction id, or any request retried by the HTTP
    /// client itself (a connection closed before the answer).
    static let failureLines = [
        "matrix sync made no progress; restarting it", "matrix sync failed; retrying", "matrix request retried",
        "HTTP request will be retried",
    ]

    @Test(arguments: [
        HomeserverProxy.Fault.hang,
        .reset,
        .answerLost(method: "PUT"),
        .trickle(chunkSize: 64, interval: .milliseconds(25)),
    ])
    func answersEveryMessageOnceThroughAFaultyHomeserver(_ fault: HomeserverProxy.Fault) async throws {
        let (bot, humans) = try people("alice")
        let alice = humans[0]
        let proxy = try await HomeserverProxy.start(upstream: synapse.baseURL, holdingJoins: false)
        // A 2 s long poll: the watchdog gives up on a hung sync after 6 s.
        let server = try startBot(token: bot.token, user: bot.user, baseURL: proxy.baseURL, syncTimeoutSeconds: 2)
        let room = try await alice.createRoom(invite: [bot.user])
        #expect(try await alice.waitUntil { try await alice.members(room).contains(bot.user) })
        var sent = [try await alice.send("you never listen to me", to: room)]
        #expect(try await alice.waitUntil { try await replies(alice, room, bot: bot.user).count == 1 })

        proxy.set(fault)
        // The long poll already on its way ends within its 2 s; the next one meets the fault.
        try await Task.sleep(for: .seconds(3))
        // Alice's messages go straight to the homeserver; only the bot's side is faulty.
        sent.append(try await alice.send("you never listen to me, sent while the homeserver misbehaved", to: room))
        sent.append(try await alice.send("he never listens to me either, also sent during the fault", to: room))
        if case .trickle = fault {
            // A slow homeserver is still a homeserver: the answers come while it trickles.
            #expect(
                try await alice.waitUntil(timeout: 90) {
                    try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == sent.last }
                })
        } else {
            // Longer than the watchdog's 6 s, so a hung sync is given up on.
            try await Task.sleep(for: .seconds(8))
        }
        proxy.set(nil)

        #expect(
            try await alice.waitUntil(timeout: 90) {
                try await replies(alice, room, bot: bot.user).contains { $0.inReplyTo == sent.last }
            })
        // A reply whose answer was lost is sent again with the same transaction id; wait out one
        // more sync so a doubled reply would have time to show.
        try await Task.sleep(for: .seconds(3))
        let all = try await replies(alice, room, bot: bot.user)
        #expect(
            all.compactMap(\.inReplyTo) == sent,
            "each message answered once, in order: \(all.count) replies to \(sent.count) messages")
        let log = server.stop().stderrText
        if case .trickle = fault {
        } else {
            #expect(Self.failureLines.contains { log.contains($0) }, "the adapter noticed the fault and kept going")
        }
        #expect(!log.contains("misbehaved") && !log.contains("during the fault"), "no message text in the log")
        await proxy.shutdown()
    }
}

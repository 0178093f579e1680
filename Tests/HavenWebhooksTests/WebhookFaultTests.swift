import Foundation
import HavenHTTP
import HavenServerTesting
import HavenStore
import Synchronization
import Testing

/// `haven serve` killed mid-burst, and a receiver that hangs up, hangs or trickles: every
/// delivery Haven accepted is answered in the end.
@Suite struct WebhookFaultTests {
    @Test func aKillDuringABurstOfWritesLosesNoAcceptedDelivery() async throws {
        let down = try ReservedPort.refusing()
        let config = try patientGenericConfig()
        let first = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": down.baseURL + "/in"]))
        let client = makeClient()
        defer { client.shutdown() }
        let ids = (0..<120).map { "msg_burst_\($0)" }
        // All at once; the kill lands once some requests have had their 200 back (a reply in the
        // outbox is not yet one the sender was told of), with the rest in flight.
        let answered = AnsweredCount()
        let accepted = try await withThrowingTaskGroup(of: String?.self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    let body = jsonBody([
                        "conversation": "room-\(index % 8)", "sender": "person-\(index)",
                        "text": "we argue about money every week",
                    ])
                    let response = try? await client.postGeneric(first, body: body, id: id)
                    guard response?.status == 200 else { return nil }
                    answered.value.withLock { $0 += 1 }
                    return id
                }
                if index == 39 {
                    try await eventually("some requests are accepted") { answered.value.withLock { $0 } >= 5 }
                }
            }
            first.kill()
            var accepted: Set<String> = []
            for try await id in group { if let id { accepted.insert(id) } }
            return accepted
        }
        #expect(
            !accepted.isEmpty && accepted.count < ids.count,
            "the kill landed during the burst (\(accepted.count) accepted)")

        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .status(204))
        let second = try WebhookServeProcess(
            config: config, state: first.statePath,
            environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/in")]))
        try await eventually(within: .seconds(90), "every stored reply is delivered after the restart") {
            (try count("SELECT COUNT(*) FROM outbox", in: second.statePath)) == 0
        }
        _ = second.stop()
        await receiver.shutdown()
        down.close()
        let delivered = receiver.requests.compactMap { object($0)["inReplyTo"] as? String }
        #expect(
            accepted.isSubset(of: Set(delivered)),
            "accepted but never answered: \(accepted.subtracting(delivered).sorted())")
        #expect(delivered.count == Set(delivered).count, "each reply once")
        #expect(try SQLiteDatabase(path: first.statePath).query("PRAGMA integrity_check").first?.first?.text == "ok")
    }

    @Test func aReceiverThatHangsUpHangsOrTricklesGetsTheReplyOnceItAnswers() async throws {
        let receiver = try await TestHTTPServer.start(
            responses: [
                .hangUp, TestHTTPResponse.status(204).delayed(by: .seconds(30)),
                .trickle(bytes: 100, every: .milliseconds(300)),
            ],
            otherwise: .status(204))
        let endpoints = #"""
            {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET",
                         "outbound": {"format": "generic", "urlEnv": "HAVEN_TEST_OUT_URL", "maxAttempts": 10}}}
            """#
        let config = try webhookConfig(
            endpoints: endpoints, delivery: #"{"baseDelayMilliseconds": 20, "maxDelaySeconds": 1, "timeoutSeconds": 2}"#
        )
        let server = try WebhookServeProcess(
            config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/in")]))
        let client = makeClient()
        defer { client.shutdown() }
        let body = jsonBody(["conversation": "room-1", "sender": "person-1", "text": "we argue about money every week"])
        #expect(try await client.postGeneric(server, body: body, id: "msg_faulty_receiver").status == 200)
        try await eventually(within: .seconds(90), "the reply is delivered past the faults") {
            try receiver.requestCount >= 4 && count("SELECT COUNT(*) FROM outbox", in: server.statePath) == 0
        }
        let result = server.stop()
        await receiver.shutdown()
        #expect(result.status == 0)
        // Hung up, timed out, timed out mid-trickle, then answered. Delivery is at least once: on a
        // loaded machine a 204 can itself come after the timeout and be sent again.
        #expect(receiver.requestCount >= 4)
        #expect(Set(receiver.requests.map(\.bodyText)).count == 1, "every attempt sends the same reply")
        #expect(try count("SELECT COUNT(*) FROM dead_letter", in: server.statePath) == 0)
    }
}

/// How many requests of a burst have had their answer, shared with the tasks that send them.
private final class AnsweredCount: Sendable {
    let value = Mutex(0)
}

import Foundation
import HavenHTTP
import HavenStore
import HavenTesting
import Testing

/// `haven serve` killed mid-burst: every delivery it accepted is answered after a restart.
@Suite struct WebhookFaultTests {
    @Test func aKillDuringABurstOfWritesLosesNoAcceptedDelivery() async throws {
        let down = try ReservedPort.refusing()
        let endpoints = #"""
            {"generic": {"path": "/webhooks/generic", "format": "generic", "secretEnv": "HAVEN_TEST_GENERIC_SECRET",
                         "outbound": {"format": "generic", "urlEnv": "HAVEN_TEST_OUT_URL", "maxAttempts": 1000}}}
            """#
        let config = try webhookConfig(endpoints: endpoints, delivery: #"{"baseDelayMilliseconds": 20, "maxDelaySeconds": 1}"#)
        let first = try WebhookServeProcess(config: config, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": down.baseURL + "/in"]))
        let client = makeClient()
        defer { client.shutdown() }
        let ids = (0..<120).map { "msg_burst_\($0)" }
        // All at once; the kill lands once some replies are in the outbox, with the rest in flight.
        let accepted = try await withThrowingTaskGroup(of: String?.self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    let body = jsonBody(["conversation": "room-\(index % 8)", "sender": "person-\(index)", "text": "we argue about money every week"])
                    let response = try? await client.postGeneric(first, body: body, id: id)
                    return response?.status == 200 ? id : nil
                }
                if index == 39 {
                    try await eventually("some replies are in the outbox") {
                        (try count("SELECT COUNT(*) FROM outbox", in: first.statePath)) >= 5
                    }
                }
            }
            first.kill()
            var accepted: Set<String> = []
            for try await id in group { if let id { accepted.insert(id) } }
            return accepted
        }
        #expect(!accepted.isEmpty && accepted.count < ids.count, "the kill landed during the burst (\(accepted.count) accepted)")

        let receiver = try await TestHTTPServer.start(responses: [], otherwise: .status(204))
        let second = try WebhookServeProcess(
            config: config, state: first.statePath, environment: TestSecrets.environment(["HAVEN_TEST_OUT_URL": receiver.url("/in")]))
        try await eventually("every stored reply is delivered after the restart") {
            (try count("SELECT COUNT(*) FROM outbox", in: second.statePath)) == 0
        }
        _ = second.stop()
        await receiver.shutdown()
        down.close()
        let delivered = receiver.requests.compactMap { object($0)["inReplyTo"] as? String }
        #expect(accepted.isSubset(of: Set(delivered)), "accepted but never answered: \(accepted.subtracting(delivered).sorted())")
        #expect(delivered.count == Set(delivered).count, "each reply once")
        #expect(try SQLiteDatabase(path: first.statePath).query("PRAGMA integrity_check").first?.first?.text == "ok")
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// Three built `haven serve` instances behind nginx over one PostgreSQL (`scripts/cluster`), under
/// `Benchmarks/cluster_load.py`: every webhook delivery gets exactly one reply, while one instance
/// is SIGKILLed and restarted in the middle of the bursts, and a delivery posted to two instances
/// at the same moment is answered once. Each reply is also sent once: a reply (one `webhook-id`)
/// may reach the receiver twice only when the instance sending it was killed before it could
/// record the delivery, so at most one outbox batch of the killed instance. With Synapse and the
/// application service behind the same nginx, every Matrix message gets exactly one reply too.
@Suite(.serialized)
struct ClusterLoadTests {
    /// The driver's JSON summary, the parts the test reads.
    struct Summary: Decodable {
        struct Webhooks: Decodable {
            var sent: Int
            var replied: Int
            var missing: [String]
            var doubled: [String]
            var redeliveries: Int
            var redeliveredReplies: Int
            var repliesReceived: Int
            var gaveUp: [String]
            var badSignatures: Int
        }
        struct SameDelivery: Decodable {
            var pairs: Int
            var missing: [String]
            var doubled: [String]
        }
        /// The Matrix half: replies counted per `m.in_reply_to` event id in the room.
        struct Matrix: Decodable {
            var sent: Int
            var replied: Int
            var missing: [String]
            var doubled: [String]
        }
        var instances: Int
        var webhooks: Webhooks
        var sameDelivery: SameDelivery?
        var matrix: Matrix?
    }

    static let root = TestRules.repositoryRoot.path
    /// Rows one instance's outbox worker sends at once (`OutboxDeliverer.batch`): what a SIGKILL
    /// can leave sent but not yet recorded as delivered.
    static let outboxBatch = 16

    /// Runs the load driver against a new cluster in a temporary folder; stops the cluster whatever happens.
    func load(_ arguments: [String]) throws -> (summary: Summary, output: String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("haven-cluster-\(UUID().uuidString.prefix(8))").path
        defer {
            _ = try? ChildProcess.run("/usr/bin/env", ["python3", Self.root + "/scripts/cluster", "stop", directory])
            try? FileManager.default.removeItem(atPath: directory)
        }
        // A Matrix run starts its own Synapse from the venv the Matrix tests share.
        let venv = ProcessInfo.processInfo.environment["HAVEN_SYNAPSE_VENV"] ?? Self.root + "/.build/synapse-venv"
        let result = try ChildProcess.run(
            "/usr/bin/env",
            ["python3", Self.root + "/Benchmarks/cluster_load.py", directory, "--haven", HavenBinary.path] + arguments,
            environment: ["SYNAPSE_VENV": venv], timeout: 900)
        let output = result.stdoutText + "\n" + result.stderrText
        guard let summary = try? JSONDecoder().decode(Summary.self, from: result.stdout) else {
            throw TestFailure("no summary from Benchmarks/cluster_load.py (status \(result.status)):\n\(output)")
        }
        return (summary, output)
    }

    @Test func everyWebhookGetsExactlyOneReplyWhileAnInstanceIsKilledAndRestarted() throws {
        let (summary, output) = try load([
            "--instances", "3", "--messages", "200", "--burst", "25", "--concurrency", "8", "--conversations", "20",
            "--kill", "2", "--same-delivery", "20", "--timeout", "240",
        ])
        #expect(summary.instances == 3)
        #expect(summary.webhooks.sent == 200)
        #expect(summary.webhooks.gaveUp.isEmpty, "\(summary.webhooks.gaveUp)")
        #expect(summary.webhooks.missing.isEmpty, "no reply to \(summary.webhooks.missing)\n\(output)")
        #expect(summary.webhooks.doubled.isEmpty, "two replies to \(summary.webhooks.doubled)\n\(output)")
        #expect(summary.webhooks.replied == 200)
        #expect(summary.webhooks.badSignatures == 0)
        #expect(
            summary.webhooks.redeliveredReplies <= Self.outboxBatch,
            "\(summary.webhooks.redeliveredReplies) replies sent more than once (\(summary.webhooks.repliesReceived) requests for \(summary.webhooks.replied) replies)"
        )
        let same = try #require(summary.sameDelivery)
        #expect(same.pairs == 20)
        #expect(same.missing.isEmpty, "no reply to \(same.missing)")
        #expect(same.doubled.isEmpty, "two replies to one delivery sent to two instances at once: \(same.doubled)")
    }

    @Test func threeInstancesSendEachReplyOnce() throws {
        let (summary, output) = try load([
            "--instances", "3", "--messages", "200", "--burst", "25", "--concurrency", "8", "--conversations", "20",
            "--timeout", "240",
        ])
        #expect(summary.webhooks.missing.isEmpty, "no reply to \(summary.webhooks.missing)\n\(output)")
        #expect(summary.webhooks.doubled.isEmpty, "two replies to \(summary.webhooks.doubled)\n\(output)")
        #expect(
            summary.webhooks.redeliveries == 0,
            "\(summary.webhooks.redeliveredReplies) replies sent more than once (\(summary.webhooks.repliesReceived) requests for \(summary.webhooks.replied) replies)"
        )
    }

    /// The whole picture: 200 signed webhooks and 100 Matrix messages (alice, through
    /// Synapse, pushed to the instances as application-service transactions), each in bursts
    /// during which instance 2 is SIGKILLed and restarted.
    @Test func webhooksAndMatrixMessagesGetOneReplyEachWhileAnInstanceIsKilled() throws {
        let (summary, output) = try load([
            "--instances", "3", "--matrix", "--messages", "200", "--burst", "25", "--concurrency", "8",
            "--conversations", "20", "--kill", "2", "--matrix-messages", "100", "--timeout", "240",
        ])
        #expect(summary.webhooks.missing.isEmpty, "no reply to \(summary.webhooks.missing)\n\(output)")
        #expect(summary.webhooks.doubled.isEmpty, "two replies to \(summary.webhooks.doubled)\n\(output)")
        #expect(summary.webhooks.replied == 200)
        let matrix = try #require(summary.matrix, "no Matrix summary\n\(output)")
        #expect(matrix.sent == 100)
        #expect(matrix.missing.isEmpty, "no reply to \(matrix.missing.count) Matrix messages\n\(output)")
        #expect(matrix.doubled.isEmpty, "two replies to \(matrix.doubled.count) Matrix messages\n\(output)")
        #expect(matrix.replied == 100)
    }
}

import Foundation
import HavenServerTesting
import HavenStore
import Testing

/// `haven serve` while someone tampers with its state file: the SQLite WAL index (`-shm`)
/// truncated or replaced, the state file deleted or replaced. Real files, the built binary.
@Suite(.serialized)
struct StateFileFaultTests {
    /// Each conversation's row, read from the state file (live, beside the running server).
    static func conversationCount(_ path: String) throws -> Int64? {
        try SQLiteDatabase(path: path).query("SELECT COUNT(*) FROM conversation").first?.first?.integer
    }

    @Test func aTruncatedShmFileDoesNotCrashTheServer() throws {
        let server = try ServeProcess()
        let first = try server.connect()
        first.send(line: "you never listen to me")
        #expect(first.readLine()?.hasPrefix("Hi, I'm Haven") == true)
        // SQLite maps the -shm file into memory; shrinking it made the next access SIGBUS.
        #expect(truncate(server.statePath + "-shm", 0) == 0)
        let second = try server.connect()
        second.send(line: "you never listen to me")
        #expect(second.readLine()?.hasPrefix("Hi, I'm Haven") == true, "the server died: \(server.child.stderrSoFar)")
        #expect(try Self.conversationCount(server.statePath) == 2, "a reader beside the server sees both conversations")
        let result = server.stop()
        #expect(result.status == 0)
        #expect(result.stderrText.contains("state file index"))
        #expect(!result.stderrText.contains("listen to me"), "no message text in the log")
    }

    @Test func aReplacedShmFileIsNoticedAndTheServerGoesOn() throws {
        let server = try ServeProcess()
        let first = try server.connect()
        first.send(line: "you never listen to me")
        #expect(first.readLine() != nil)
        // A new, empty -shm at the path: readers opening now would not see the server's index.
        let shm = server.statePath + "-shm"
        #expect(unlink(shm) == 0)
        #expect(FileManager.default.createFile(atPath: shm, contents: Data()))
        let second = try server.connect()
        second.send(line: "you never listen to me")
        #expect(second.readLine()?.hasPrefix("Hi, I'm Haven") == true)
        #expect(try Self.conversationCount(server.statePath) == 2)
        #expect(server.stop().status == 0)
        #expect(try Self.conversationCount(server.statePath) == 2)
    }

    @Test func aDeletedStateFileIsWrittenBackFromTheOpenCopy() throws {
        let server = try ServeProcess()
        let first = try server.connect()
        first.send(line: "you never listen to me")
        #expect(first.readLine() != nil)
        // Only the main file: its -wal and -shm stay, and must not be paired with the file written back.
        #expect(unlink(server.statePath) == 0)
        let second = try server.connect()
        second.send(line: "you never listen to me")
        #expect(second.readLine()?.hasPrefix("Hi, I'm Haven") == true)
        let result = server.stop()
        #expect(result.status == 0)
        #expect(result.stderrText.contains("state file was deleted"))
        // Both conversations are in the file at the path: nothing accepted before the delete is lost.
        #expect(try Self.conversationCount(server.statePath) == 2)
        #expect(try SQLiteDatabase(path: server.statePath).query("PRAGMA integrity_check").first?.first?.text == "ok")
    }

    @Test func aReplacedStateFileIsUsedAndThePreviousCopyKeptBesideIt() throws {
        let server = try ServeProcess()
        let first = try server.connect()
        first.send(line: "you never listen to me")
        #expect(first.readLine() != nil)
        let other = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-other-\(UUID().uuidString).sqlite"
        ).path
        _ = try SQLiteStateStore(path: other)
        #expect(rename(other, server.statePath) == 0)
        let second = try server.connect()
        second.send(line: "you never listen to me")
        #expect(second.readLine()?.hasPrefix("Hi, I'm Haven") == true)
        let result = server.stop()
        #expect(result.stderrText.contains("state file was replaced"))
        #expect(try Self.conversationCount(server.statePath) == 1, "the new file holds what came after")
        #expect(try Self.conversationCount(server.statePath + ".displaced") == 1, "what came before is kept beside it")
    }
}

import Foundation
import HavenServerTesting
import HavenStore
import Testing

/// `haven serve` on an unlucky machine: a full disk, a read-only state file (a real tmpfs). Each test checks what the
/// client is told and that every line answered before, during and after is in the state file.
@Suite(.serialized)
struct ServeFaultTests {
    @Test(.enabled(if: TmpfsMount.isPermitted, "skipped: this process may not mount a tmpfs (needs root)"))
    func aFullDiskMakesLinesUnavailableAndLosesNothingAccepted() throws {
        let disk = try TmpfsMount(bytes: 2 << 20)
        let server = try ServeProcess(state: disk.path + "/haven.sqlite")
        var answered = 0
        /// One line on a new connection (a new conversation); true when it was answered.
        func send() throws -> Bool {
            let client = try server.connect()
            client.send(line: "you never listen to me")
            let reply = client.readLine()
            if reply?.hasPrefix("Hi, I'm Haven") == true {
                answered += 1
                return true
            }
            #expect(reply?.hasPrefix("ERROR unavailable") == true, "unexpected reply: \(reply ?? "none")")
            return false
        }
        #expect(try send())
        disk.fill()
        // The WAL may still have room in pages it already holds; the disk runs out within a few lines.
        var refused = false
        for _ in 0..<500 where !refused { refused = try !send() }
        #expect(refused, "a line was refused once the disk was full")
        disk.free()
        #expect(try send(), "answered again once there is space")
        let result = server.stop()
        #expect(result.status == 0, "the server stayed up: \(result.stderrText)")
        let database = try SQLiteDatabase(path: server.statePath)
        #expect(try database.query("SELECT COUNT(*) FROM conversation").first?.first?.integer == Int64(answered))
        #expect(try database.query("PRAGMA integrity_check").first?.first?.text == "ok")
    }

    @Test(.enabled(if: TmpfsMount.isPermitted, "skipped: this process may not mount a tmpfs (needs root)"))
    func aReadOnlyStateFileIsAnErrorAtStartNotACrash() throws {
        let disk = try TmpfsMount(bytes: 1 << 20)
        let path = disk.path + "/haven.sqlite"
        _ = try SQLiteStateStore(path: path)
        // Root ignores file modes, so the file system itself is made read-only.
        try disk.remountReadOnly()
        let result = try HavenBinary.run(["serve", "--state", path, "--tcp", "127.0.0.1:0"], timeout: 30)
        #expect(result.status == 78)
        // The operator learns which file, and why.
        #expect(result.stderrText.hasPrefix("haven: error: cannot open state file '\(path)': "), "\(result.stderrText)")
        #expect(!result.stdoutText.contains("listening"))
    }
}

import Foundation
import HavenServerTesting
import HavenStore
import Testing

/// `haven serve --tcp` against clients that misbehave on purpose: one that never reads, one
/// that trickles bytes, one that pipelines thousands of lines. Real sockets on 127.0.0.1.
@Suite(.serialized)
struct ServeTCPHostileTests {
    /// Lines that are not UTF-8: two bytes each, and each earns an error line of about 100
    /// bytes, answered without touching the store, so a server that kept reading would pile up
    /// replies fifty times faster than the flood comes in.
    static func invalidLines(_ count: Int) -> [UInt8] {
        Array([[UInt8]](repeating: [0xFF, 0x0A], count: count).joined())
    }

    @Test func aClientThatNeverReadsCannotGrowTheServersMemory() throws {
        let server = try ServeProcess()
        let hog = try server.connect(receiveBufferBytes: 4096)
        let baseline = try #require(server.child.residentBytes)
        _ = hog.sendUntilStalled(Self.invalidLines(1_000_000))

        let other = try server.connect()
        other.send(line: "you never listen to me")
        #expect(other.readLine()?.hasPrefix("Hi, I'm Haven") == true, "another client is answered meanwhile")
        // The server has stopped reading the hog; whatever it still holds stays small. (One that
        // kept reading piles up replies for as long as the flood lasts: 100 MB in all.)
        var peak = baseline
        for _ in 0..<100 where peak - baseline < 16 << 20 {
            peak = max(peak, server.child.residentBytes ?? 0)
            usleep(100_000)
        }
        #expect(peak - baseline < 16 << 20, "resident memory grew by \((peak - baseline) >> 20) MB")
        withExtendedLifetime(hog) { server.child.signal(SIGKILL) }
    }

    @Test func tricklingBytesWithoutANewlineIsIdle() throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"idleTimeoutSeconds": 1}}}"#)
        let server = try ServeProcess(config: config)
        let slow = try server.connect()
        var goodbye: String?
        // One byte every 200 ms, for at most 20 s: bytes keep coming, but never a whole line.
        for _ in 0..<100 {
            slow.send(Array("x".utf8))
            if let line = slow.readLine(timeout: 0.2) {
                goodbye = line
                break
            }
        }
        #expect(goodbye == "BYE idle for 1 seconds")

        // Whole lines keep a connection open, however slowly they come.
        let steady = try server.connect()
        for index in 0..<4 {
            usleep(600_000)
            steady.send(line: "hello \(index)")
            #expect(steady.readLine() != nil)
        }
        _ = server.stop()
    }

    @Test func aPipeliningClientDoesNotHoldUpOthers() throws {
        let server = try ServeProcess()
        let pipeliner = try server.connect()
        let total = 50_000
        let flood = Array((0..<total).map { "you never listen to me, turn \($0)\n" }.joined().utf8)
        Thread { pipeliner.send(flood) }.start()
        Thread { while pipeliner.readLine(timeout: 60) != nil {} }.start()
        let database = try SQLiteDatabase(path: server.statePath)
        // How many of the pipeliner's lines the server has handled: its conversation has the most turns.
        func handled() throws -> Int {
            try database.query("SELECT state FROM conversation").compactMap { row -> Int? in
                guard let state = row.first?.text,
                    let range = state.range(of: #""turns":[0-9]+"#, options: .regularExpression)
                else { return nil }
                return Int(state[range].dropFirst(8))
            }.max() ?? 0
        }
        let deadline = Date().addingTimeInterval(60)
        while try handled() < 2_000, Date() < deadline { usleep(20_000) }

        // Each of these waits behind at most a line or two of the flood, not behind a whole read of it.
        var waited: [Int] = []
        for index in 0..<6 {
            let client = try server.connect()
            let before = try handled()
            client.send(line: "he just walks out when we argue, \(index)")
            #expect(client.readLine() != nil)
            waited.append(try handled() - before)
        }
        #expect(try handled() < total, "the flood was still being answered while the others were")
        #expect(waited.allSatisfy { $0 < 100 }, "pipelined lines answered while another client waited: \(waited)")
        server.child.signal(SIGKILL)
    }

    @Test func shutdownDoesNotWaitForeverForAClientThatNeverReads() throws {
        let config = try temporaryConfig(#"{"adapters": {"tcp": {"shutdownGraceSeconds": 1}}}"#)
        let server = try ServeProcess(config: config)
        let hog = try server.connect(receiveBufferBytes: 4096)
        _ = hog.sendUntilStalled(Self.invalidLines(1_000_000))
        // Time to answer as much of the flood as the hog's closed window lets through, so replies
        // (and then the goodbye) are stuck behind it.
        sleep(5)
        let polite = try server.connect()
        let result = withExtendedLifetime(hog) { server.stop() }
        #expect(result.status == 0, "exited within the grace period, after its final checkpoint")
        #expect(polite.readAll(timeout: 10).last == "BYE server shutting down")
    }
}

import Foundation
import HavenServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The throwaway cluster's promise: it does not outlive the process that started it, even one
/// that dies without running its exit handlers.
struct PostgresClusterTests {
    @Test func theServerStopsWhenItsTestProcessDies() throws {
        // A stand-in for a test process: the cluster's watchdog follows this child, not us.
        let stand = try ChildProcess("/bin/sleep", ["600"])
        let cluster = try PostgresCluster(parent: stand.pid)
        defer { cluster.stop() }
        #expect(cluster.isRunning)
        stand.signal(SIGKILL)
        _ = stand.wait(timeout: 10)
        // The watchdog looks once a second; a minute is only the bound of a failing test.
        for _ in 0..<600 where cluster.isRunning { usleep(100_000) }
        #expect(!cluster.isRunning)
    }
}

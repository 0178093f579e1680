import Foundation
import HavenFrontend
import HavenRuleFiles

#if canImport(Glibc)
    import Glibc
#endif

/// The `haven-serve` program beside this one, which the server's commands hand over to.
///
/// The server links libcurl, SwiftNIO and Hummingbird; keeping them in a program of their own
/// keeps `haven reflect` and the rule tools quick to start and small in memory.
enum ServerProgram {
    /// Replaces this process with `haven-serve COMMAND ARGUMENTS…`; returns only by throwing.
    static func handOver(_ command: String, _ arguments: [String]) throws -> Never {
        let server = ProgramLocation.beside("haven-serve")
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw CommandFailure(HavenExit.config, "cannot find the server program '\(server)' beside haven")
        }
        let argv = ([server, command] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        throw CommandFailure(HavenExit.config, "cannot start '\(server)': \(String(cString: strerror(errno)))")
    }
}

import ArgumentParser
import Foundation
import HavenFrontend
import HavenRuleFiles

#if canImport(Glibc)
    import Glibc
#endif

extension Haven {
    /// `haven serve`: hands over to the `haven-serve` program beside this one.
    ///
    /// The server links libcurl, SwiftNIO and Hummingbird; keeping them in a program of their own
    /// keeps `haven reflect` and the rule tools quick to start and small in memory.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Haven as a service: the plain-text TCP protocol, Matrix and webhooks.",
            discussion: "Run 'haven serve --help' for its options.",
            helpNames: []
        )

        @Argument(parsing: .allUnrecognized, help: "Options for the server (see haven serve --help).")
        var arguments: [String] = []

        func run() throws {
            let server = ProgramLocation.beside("haven-serve")
            guard FileManager.default.isExecutableFile(atPath: server) else {
                throw CommandFailure(HavenExit.config, "cannot find the server program '\(server)' beside haven")
            }
            let argv = ([server] + arguments).map { strdup($0) } + [nil]
            execv(server, argv)
            throw CommandFailure(HavenExit.config, "cannot start '\(server)': \(String(cString: strerror(errno)))")
        }
    }
}

import ArgumentParser
import HavenFrontend

/// The server half of `haven`, run as `haven-serve`: `haven serve` and `haven matrix` hand over
/// to it with `exec`.
///
/// A program of its own so that `haven reflect` and the rule tools never load libcurl, NIO or
/// Hummingbird. The Matrix commands live here because they read the server's whole
/// configuration file, and each adapter's part of it is read by the adapter's own module.
@main
struct HavenServeProgram: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haven",
        abstract: "Haven's server program: run it as 'haven serve' or 'haven matrix'.",
        subcommands: [ServeCommand.self, MatrixCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    /// Runs the command the arguments name; a ``CommandFailure`` is printed and becomes the exit
    /// status, here only.
    static func main() async {
        await mainReportingFailures()
    }
}

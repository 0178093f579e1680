import ArgumentParser
import HavenFrontend

/// The `haven` command: a reflection bot about emotional safety in relationships.
@main
struct Haven: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haven",
        abstract: "Reflective questions about emotional safety in relationships.",
        discussion: """
            Haven is not therapy and not an emergency service. If you are in danger, contact \
            your local emergency number or a crisis line (https://findahelpline.com).
            """,
        version: "0.1.0",
        subcommands: [Reflect.self, Check.self, Chat.self, Serve.self, Rules.self, Matrix.self],
        defaultSubcommand: Reflect.self
    )

    /// Runs the command the arguments name; a ``CommandFailure`` is printed and becomes the exit
    /// status, here only.
    static func main() async {
        await mainReportingFailures()
    }
}

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
        subcommands: [Reflect.self, Check.self, Chat.self, Serve.self, Rules.self],
        defaultSubcommand: Reflect.self
    )

    /// Runs the command the arguments name. A ``CommandFailure`` from any command is printed and
    /// turned into its exit status here, once; everything else is swift-argument-parser's.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            printError("haven: error: \(failure.message)")
            exit(withError: ExitCode(failure.status))
        } catch {
            exit(withError: error)
        }
    }
}

import ArgumentParser
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven rules lint`: compiler-style diagnostics for a rule folder.
    struct RulesLint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check a rule folder and print each problem as path:line:col.",
            discussion: "Exit status: 0 clean, 1 warnings only (with --strict), 2 errors."
        )

        @Argument(help: "The rule folder (default: as for --rules).")
        var folder: String?

        @Flag(help: "Fail (status 1) on warnings too.")
        var strict = false

        func run() throws {
            let path = RuleDirectory.resolve(folder)
            let sources: [RuleSource]
            do {
                sources = try RuleDirectory.read(path)
            } catch {
                printError("haven: error: \(error)")
                throw ExitCode(2)
            }
            let diagnostics = RuleLinter.lint(sources)
            for diagnostic in diagnostics { print(diagnostic) }
            print(RuleLinter.summary(diagnostics, files: sources.count))
            if diagnostics.hasErrors { throw ExitCode(2) }
            if strict && diagnostics.contains(where: { $0.severity == .warning }) { throw ExitCode(1) }
        }
    }
}

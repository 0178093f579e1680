import ArgumentParser
import HavenCore
import HavenFrontend
import HavenRuleFiles

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

        @Flag(help: "Also print the size of the compiled rule set and how long compiling took.")
        var stats = false

        func run() throws {
            let path = RuleDirectory.resolve(folder)
            let sources: [RuleSource]
            do {
                sources = try RuleDirectory.read(path)
            } catch {
                printError("haven: error: \(error)")
                throw ExitCode(2)
            }
            let started = ContinuousClock.now
            let loaded = RuleLoader.load(sources)
            let diagnostics = RuleLinter.lint(loaded)
            if stats, let rules = loaded.ruleSet {
                let elapsed = ContinuousClock.now - started
                print("\(rules.categories.count) categories, \(rules.rules.count) rules, \(rules.guards.count) guards, \(rules.literalCount) literals, \(rules.automatonStates) automaton states; lint took \(elapsed)")
                let largest = rules.literalCounts().prefix(5).map { "\($0.id) \($0.literals)" }.joined(separator: ", ")
                print("largest expansions: \(largest)")
            }
            for diagnostic in diagnostics { print(diagnostic) }
            print(RuleLinter.summary(diagnostics, files: sources.count))
            if diagnostics.hasErrors { throw ExitCode(2) }
            if strict && diagnostics.contains(where: { $0.severity == .warning }) { throw ExitCode(1) }
        }
    }
}

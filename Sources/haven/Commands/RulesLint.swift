import ArgumentParser
import HavenCore
import HavenFrontend
import HavenRuleFiles

extension Haven {
    /// `haven rules lint`: compiler-style diagnostics for a rule folder, and the pages that explain them.
    struct RulesLint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check a rule folder and print each problem as path:line:col, with its code.",
            discussion: """
                Each finding ends with its code in brackets, e.g. [rule-shadowed]; '--explain CODE' says what it \
                means and how to fix it. A '# haven-lint-ignore: CODE' comment on the line above a warning \
                silences it. Exit status: 0 clean, 1 warnings only (with --strict), 2 errors; \
                64 for an unknown code given to --explain.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, json }

        @Argument(help: "The rule folder (default: as for --rules).")
        var folder: String?

        @Flag(help: "Fail (status 1) on warnings too.")
        var strict = false

        @Flag(help: "Also print the size of the compiled rule set and how long compiling took.")
        var stats = false

        @Option(
            help: "text (one finding a line, then a summary) or json (one document with the findings and the counts).")
        var format: Format = .text

        @Option(
            help: ArgumentHelp("Print what a finding's code means, an example and how to fix it.", valueName: "code"))
        var explain: String?

        @Flag(help: "List every finding code with its severity and summary.")
        var listCodes = false

        func run() throws {
            if listCodes {
                print(FindingCatalog.listing, terminator: "")
                return
            }
            if let explain {
                guard let page = FindingCatalog.page(DiagnosticCode(rawValue: explain)) else {
                    let hint =
                        Suggestion.closest(to: explain, in: FindingCatalog.codes.map(\.rawValue)).map {
                            " (did you mean '\($0)'?)"
                        } ?? ""
                    let codes = FindingCatalog.codes.map(\.rawValue).joined(separator: "\n")
                    throw CommandFailure(
                        HavenExit.usage, "unknown finding code '\(explain.prefix(60))'\(hint); the codes are:\n\(codes)"
                    )
                }
                print(page.rendered, terminator: "")
                return
            }
            let path = RuleDirectory.resolve(folder)
            let sources: [RuleSource]
            do {
                sources = try RuleDirectory.read(path)
            } catch {
                throw CommandFailure(HavenExit.lintErrors, "\(error)")
            }
            let started = ContinuousClock.now
            let loaded = RuleLoader.load(sources)
            let diagnostics = RuleLinter.lint(loaded, sources: sources)
            if stats, let rules = loaded.ruleSet {
                let elapsed = ContinuousClock.now - started
                // With --format json the statistics go to standard error, so standard output stays one document.
                let say: (String) -> Void = format == .json ? { printError($0) } : { print($0) }
                say(
                    "\(rules.categories.count) categories, \(rules.rules.count) rules, \(rules.guards.count) guards, \(rules.literalCount) literals, \(rules.automatonStates) automaton states; lint took \(elapsed)"
                )
                let largest = rules.literalCounts().prefix(5).map { "\($0.id) \($0.literals)" }.joined(separator: ", ")
                say("largest expansions: \(largest)")
            }
            switch format {
            case .text:
                for diagnostic in diagnostics { print(diagnostic) }
                print(RuleLinter.summary(diagnostics, files: sources.count))
            case .json:
                print(LintReport(diagnostics, files: sources.count).renderJSON(), terminator: "")
            }
            if diagnostics.hasErrors { throw ExitCode(HavenExit.lintErrors) }
            if strict && diagnostics.contains(where: { $0.severity == .warning }) { throw ExitCode(HavenExit.failure) }
        }
    }
}

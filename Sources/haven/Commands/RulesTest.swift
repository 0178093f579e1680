import ArgumentParser
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven rules test`: runs the examples written in the rule files, with variants.
    struct RulesTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule file's examples, and variants of each must-match example.",
            discussion: """
                Each must-match example is also tried with curly and straight apostrophes, "dont" without \
                the apostrophe, all caps, all lower case, a trailing emoji, extra spaces and inside a \
                longer message. Exit status: 0 all pass, 1 failures, 65 rule errors.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, jsonl }

        @Argument(help: "The rule folder (default: as for --rules).")
        var folder: String?

        @Option(help: "Only these categories (comma-separated).")
        var only: String?

        @Option(help: "text (a report per file and rule) or jsonl (one object per check).")
        var format: Format = .text

        func run() throws {
            let rules = try RuleOptions(rules: folder).load()
            let report = ExampleReport.run(
                rules, categories: only.map { Set($0.split(separator: ",").map(String.init)) })
            switch format {
            case .text: print(report.renderText())
            case .jsonl: print(report.renderJSONLines(), terminator: "")
            }
            if !report.failures.isEmpty { throw ExitCode(HavenExit.failure) }
        }
    }
}

import ArgumentParser
import HavenCore
import HavenFrontend

#if canImport(Glibc)
    import Glibc
#endif

extension Haven {
    /// `haven rules impact`: what an edit changes over a corpus, before it goes live.
    struct RulesImpact: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impact",
            abstract: "Compare the rules with an older copy over a corpus (one message per line).",
            discussion: """
                With --against OLD_DIR: per category, how many messages are newly caught and no longer \
                caught, with examples. Without it: coverage of the current rules (counts per category \
                and rule). Both list the rules and categories that never fire on the corpus.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Option(name: .long, help: ArgumentHelp("The older rule folder to compare with.", valueName: "old-dir"))
        var against: String?

        @Option(help: "How many example messages to show per change.")
        var examples = 3

        @Argument(help: "The corpus file, one message per line (default: standard input).")
        var corpus: String?

        func run() throws {
            let rules = try ruleOptions.load()
            let old = try against.map { try RuleOptions(rules: $0).load() }
            var input: InputReader
            if let corpus {
                let descriptor = open(corpus, O_RDONLY)
                guard descriptor >= 0 else {
                    throw CommandFailure(HavenExit.noInput, FrontendError.unreadable(corpus))
                }
                input = InputReader(descriptor: descriptor)
            } else {
                input = InputReader()
            }
            var messages: [String] = []
            while let line = input.nextLine() { messages.append(line) }
            let progress = ProgressLine("measuring", total: messages.count)
            let report = ImpactReport.run(old: old, new: rules, messages: messages) { progress?.update($0) }
            progress?.finish()
            print(report.render(examples: examples))
        }
    }
}

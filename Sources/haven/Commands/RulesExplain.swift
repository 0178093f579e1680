import ArgumentParser
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven rules explain`: how Haven read one message, in plain words.
    struct RulesExplain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Show, step by step, how a message was read and why it got its reply."
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Argument(help: "The message (default: standard input).")
        var message: [String] = []

        func run() throws {
            let rules = try ruleOptions.load()
            var text = message.joined(separator: " ")
            if message.isEmpty {
                var input = InputReader()
                text = input.readAll()
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                throw CommandFailure(HavenExit.noInput, FrontendError.emptyMessage)
            }
            print(Explanation(text, rules: rules).render())
        }
    }
}

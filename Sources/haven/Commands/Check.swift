import ArgumentParser
import Foundation
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven check`: look at a message before sending it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look at a message to your partner before you send it.",
            discussion: """
                Reads the message (the arguments, or else all of standard input) as your own words to \
                the other person: marks what may land as criticism, contempt, defensiveness or \
                withdrawal, with a way to say it that can be heard, and notes appreciation worth \
                keeping. Colour only on a terminal, and not with NO_COLOR set.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Option(name: .long, help: "Output format: text (the report) or jsonl (one JSON object, UTF-8 byte offsets).")
        var format: ReflectFormat = .text

        @Option(
            name: .long,
            help: ArgumentHelp("Replaces the default crisis resources in the safety response.", valueName: "text"))
        var resources: String?

        @Argument(help: "The message (default: standard input).")
        var message: [String] = []

        func run() throws {
            let rules = try ruleOptions.load(cached: true)
            var output = OutputWriter()
            let colour = CheckRun.wantsColour(environment: ProcessInfo.processInfo.environment)
            do {
                if !message.isEmpty {
                    let text = message.joined(separator: " ")
                    guard !text.allSatisfy(\.isWhitespace) else { throw FrontendError.emptyMessage }
                    CheckRun.one(
                        text, rules: rules, format: format, colour: colour, resources: resources, output: &output)
                    try output.flush()
                    return
                }
                var input = InputReader()
                let summary = try CheckRun.run(
                    rules: rules, input: &input, format: format, colour: colour, resources: resources, output: &output)
                if let line = summary.firstInvalidLine { printInvalidInputWarning(firstLine: line) }
            } catch let error as FrontendError {
                throw CommandFailure(error == .emptyMessage ? HavenExit.noInput : HavenExit.ioError, error)
            }
        }
    }
}

import ArgumentParser
import HavenCore
import HavenFrontend

extension ReflectFormat: ExpressibleByArgument {}

extension Haven {
    /// `haven reflect`: one reflective reply per message, from arguments or standard input.
    struct Reflect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reply to a message with a reflective question.",
            discussion: """
                The message comes from the arguments, or else from standard input (all of it is one \
                message; with --each-line every line is its own). Invalid UTF-8 is replaced with U+FFFD \
                and reported once on standard error.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Flag(name: .long, help: "Treat each line of standard input as its own message.")
        var eachLine = false

        @Option(name: .long, help: "Output format: text (the reply) or jsonl (one JSON object per message).")
        var format: ReflectFormat = .text

        @Option(name: .long, help: ArgumentHelp("Replaces the default crisis resources in the safety response.", valueName: "text"))
        var resources: String?

        @Argument(help: "The message (default: standard input).")
        var message: [String] = []

        func run() throws {
            let rules = try ruleOptions.load(cached: true)
            var output = OutputWriter()
            let summary: ReflectRun.Summary
            do {
                if !message.isEmpty {
                    let text = message.joined(separator: " ")
                    guard !text.allSatisfy(\.isWhitespace) else { throw FrontendError.emptyMessage }
                    ReflectRun.one(text, rules: rules, format: format, resources: resources, output: &output)
                    try output.flush()
                    return
                }
                var input = InputReader()
                summary = try ReflectRun.run(rules: rules, input: &input, eachLine: eachLine, format: format, resources: resources, output: &output)
            } catch let error as FrontendError {
                printError("haven: error: \(error)")
                throw error == .emptyMessage ? ExitStatus.noInput : ExitStatus.ioError
            }
            if let line = summary.firstInvalidLine {
                printInvalidInputWarning(firstLine: line)
            }
        }
    }
}

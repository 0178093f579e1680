public import ArgumentParser
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

        @Option(
            name: .long,
            help: ArgumentHelp("Replaces the default crisis resources in the safety response.", valueName: "text"))
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
                    try refuseMistypedCommand(text, rules: rules)
                    ReflectRun.one(text, rules: rules, format: format, resources: resources, output: &output)
                    try output.flush()
                    return
                }
                var input = InputReader()
                summary = try ReflectRun.run(
                    rules: rules, input: &input, eachLine: eachLine, format: format, resources: resources,
                    output: &output)
            } catch let error as FrontendError {
                throw CommandFailure(error == .emptyMessage ? HavenExit.noInput : HavenExit.ioError, error)
            }
            if let line = summary.firstInvalidLine {
                printInvalidInputWarning(firstLine: line)
            }
        }

        /// `haven serv` or `haven rule lint` reaches here as a message: say so, with the command
        /// meant, and exit 64 (the message is not echoed). A message that shows danger is answered
        /// anyway, with a warning: nobody in danger is turned away over a near-miss word.
        private func refuseMistypedCommand(_ text: String, rules: RuleSet) throws {
            guard let command = MistypedCommand.suggestion(for: message), !namedExplicitly else { return }
            let note = "'\(message[0])' is not a command (did you mean 'haven \(command)'?)"
            if rules.analyze(text).top?.categoryID == RuleSet.crisisID {
                printError("haven: warning: \(note); answering it as a message")
                return
            }
            throw CommandFailure(
                HavenExit.usage, "\(note); to reflect on a message that starts with it, write 'haven reflect' before it"
            )
        }

        /// Whether `reflect` was typed before the message (`haven reflect serv` means the message "serv").
        private var namedExplicitly: Bool {
            let arguments = Array(CommandLine.arguments.dropFirst())
            guard let command = arguments.firstIndex(of: "reflect"), let start = arguments.firstIndex(of: message[0])
            else { return false }
            return command < start
        }
    }
}

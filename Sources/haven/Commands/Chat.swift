import ArgumentParser
import HavenCore
import HavenFrontend
import HavenRuntime
import HavenStore
import Logging

#if canImport(Glibc)
    import Glibc
    import Foundation
#endif

extension Haven {
    /// `haven chat`: a conversation in the terminal, one message per line.
    struct Chat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Talk with Haven in the terminal: one message per line, a reply after each.",
            discussion: """
                Works with standard input that is not a terminal (scripted use). Commands start with '/': \
                /help, /topics, /tip TOPIC, /reset, /forget, /stop, /start; /quit or end of input leaves.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Option(
            name: .long, help: ArgumentHelp("Keep the conversation in this SQLite file across runs.", valueName: "file")
        )
        var state: String?

        @Option(name: .long, help: ArgumentHelp("The conversation's name inside the state file.", valueName: "name"))
        var conversation = "local"

        @Option(name: .long, help: ArgumentHelp("Replaces the default crisis resources.", valueName: "text"))
        var resources: String?

        func run() throws {
            let rules = try ruleOptions.load(cached: true)
            let store: SQLiteStateStore
            do {
                store = try SQLiteStateStore(path: state ?? ":memory:")
            } catch {
                throw CommandFailure(HavenExit.ioError, "\(error)")
            }
            let conversations = Conversations(
                rules: LiveRules(rules), store: store, configuration: DialogueConfiguration(safetyResources: resources),
                logger: Logger(label: "haven.chat"))
            let id = "cli:" + conversation
            let interactive = isatty(0) != 0
            var input = InputReader()
            var output = OutputWriter()
            if interactive { printError(rules.dialogue.text(.chatHint)) }
            while true {
                if interactive { printError("> ", newline: false) }
                guard let line = input.nextLine() else { break }
                if line.trimmingCharacters(in: .whitespaces) == "/quit" { break }
                do {
                    for reply in try conversations.handle(line, conversation: id, person: id) {
                        output.write(reply + "\n")
                    }
                } catch {
                    throw CommandFailure(HavenExit.ioError, "\(error)")
                }
                try output.flush()
            }
            if let error = input.readError {
                throw CommandFailure(HavenExit.ioError, "\(error)")
            }
            if let line = input.firstInvalidLine {
                printInvalidInputWarning(firstLine: line)
            }
        }
    }
}

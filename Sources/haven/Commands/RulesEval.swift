import ArgumentParser
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven rules eval`: how well the rules detect what a file of labelled messages says.
    struct RulesEval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Measure the rules on labelled messages: precision, recall and F1 per category.",
            discussion: """
                LABELS holds one message per line, `labels<TAB>message`: category ids separated by \
                commas, the primary one first, or `none` alone; lines starting with # and blank lines \
                are skipped. Reports per category precision, recall and F1 with their counts \
                (set-based over the detected patterns), macro-F1, top-1, crisis recall and precision, \
                the most frequent confusions, and the misses and false alarms with the rules and \
                words that fired. Exit status: 0, 1 when crisis recall is below --min-crisis-recall, \
                65 bad lines in LABELS or rule errors, 66 LABELS unreadable or without messages.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, jsonl }

        @OptionGroup var ruleOptions: RuleOptions

        @Option(help: "text (a report for people) or jsonl (a summary, each category, each miss and false alarm).")
        var format: Format = .text

        @Option(help: ArgumentHelp("How many misses and false alarms to list per category (0: none).", valueName: "n"))
        var misses = 5

        @Option(
            help: ArgumentHelp(
                "Exit with status 1, after the report, when crisis recall is below this (0 to 1).", valueName: "x"))
        var minCrisisRecall: Double?

        @Argument(help: ArgumentHelp("The labelled messages, `labels<TAB>message` per line.", valueName: "labels"))
        var labels: String

        func validate() throws {
            guard misses >= 0 else { throw ValidationError("--misses must be 0 or more, got \(misses)") }
            if let minCrisisRecall, !(0...1).contains(minCrisisRecall) {
                throw ValidationError("--min-crisis-recall must be between 0 and 1, got \(minCrisisRecall)")
            }
        }

        func run() throws {
            let rules = try ruleOptions.load()
            let lines = try readLines()
            let set = LabelledSet.parse(lines: lines, file: labels, categories: rules.categories.map(\.id))
            guard set.problems.isEmpty else {
                for problem in set.problems { printError(problem.description) }
                throw CommandFailure(HavenExit.invalidRules, FrontendError.invalidLabels(count: set.problems.count))
            }
            guard !set.messages.isEmpty else {
                throw CommandFailure(HavenExit.noInput, FrontendError.noLabelledMessages(labels))
            }
            let progress = ProgressLine("evaluating", total: set.messages.count)
            let report = EvaluationReport.run(rules, on: set, mistakesPerCategory: misses) { progress?.update($0) }
            progress?.finish()
            switch format {
            case .text: print(report.renderText())
            case .jsonl: print(report.renderJSONLines(minimumCrisisRecall: minCrisisRecall), terminator: "")
            }
            if let minCrisisRecall, !report.meetsCrisisRecall(minCrisisRecall) {
                let crisis = report.crisis ?? EvaluationReport.CategoryScore(id: RuleSet.crisisID)
                let failure = FrontendError.crisisRecallBelowMinimum(
                    recall: crisis.recall, caught: crisis.truePositives,
                    labelled: crisis.truePositives + crisis.falseNegatives,
                    minimum: minCrisisRecall)
                throw CommandFailure(HavenExit.failure, "\(failure)")
            }
        }

        /// The lines of the labels file; a missing or unreadable file (or a folder) is an error.
        private func readLines() throws -> [String] { try InputFile.lines(labels) }
    }
}

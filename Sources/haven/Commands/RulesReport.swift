import ArgumentParser
import Foundation
import HavenCore
import HavenFrontend
import HavenReport
import HavenRuleFiles

extension Haven {
    /// `haven rules report`: one self-contained HTML page on the rules, for people who would
    /// rather look than read terminal output.
    struct RulesReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract:
                "Write one HTML page on the rules: overview, and with the options evaluation, edit impact and corpus coverage.",
            discussion: """
                The page is self-contained (inline CSS and SVG, nothing fetched) and prints. It always has \
                an overview (categories, rules, guards, examples passing, lint findings at file:line). \
                --labels adds precision, recall and F1 per category, a confusion matrix, crisis recall and \
                the misses and false alarms; --against adds what the edit newly catches and no longer \
                catches over the corpus (or else the labelled messages), before → after; --corpus adds how \
                often each rule fires, the rules that never fire and the most common matched phrases. \
                Message text is written only into the page. Exit status: 0; 64 bad arguments; 65 rule \
                errors or bad lines in LABELS; 66 LABELS or CORPUS unreadable or empty; 74 the page \
                cannot be written.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions

        @Option(name: .long, help: ArgumentHelp("The older rule folder to compare with.", valueName: "old-dir"))
        var against: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Labelled messages, `labels<TAB>message` per line (as for rules eval).", valueName: "labels"))
        var labels: String?

        @Option(name: .long, help: ArgumentHelp("A corpus, one message per line.", valueName: "corpus"))
        var corpus: String?

        @Option(
            name: [.customShort("o"), .long], help: ArgumentHelp("The HTML file to write.", valueName: "report.html"))
        var output: String

        func validate() throws {
            if against != nil && labels == nil && corpus == nil {
                throw ValidationError("--against needs messages to compare over: give --corpus or --labels")
            }
            guard !output.isEmpty else { throw ValidationError("--output must name a file") }
        }

        func run() throws {
            let folder = RuleDirectory.resolve(ruleOptions.rules)
            let sources: [RuleSource]
            do {
                sources = try RuleDirectory.read(folder)
            } catch {
                throw CommandFailure(HavenExit.invalidRules, "\(error)")
            }
            let loaded = RuleLoader.load(sources)
            let findings = RuleLinter.lint(loaded, sources: sources)
            guard let rules = loaded.ruleSet else {
                for finding in findings where finding.severity == .error { printError(finding.description) }
                throw CommandFailure(
                    HavenExit.invalidRules,
                    FrontendError.invalidRules(count: findings.filter { $0.severity == .error }.count))
            }
            let old = try against.map { try RuleOptions(rules: $0).load() }
            let set = try labels.map { try labelledSet($0, rules: rules) }
            let corpusMessages = try corpus.map { path in
                let lines = try InputFile.lines(path)
                guard !lines.isEmpty else {
                    throw CommandFailure(HavenExit.noInput, FrontendError.noMessages(path))
                }
                return lines
            }

            var model = ReportModel(
                overview: ReportModel.overview(
                    rules, folder: folder, findings: findings, examples: ExampleReport.run(rules)))
            if let set, let labels {
                model.evaluation = measured("evaluating", set.messages.count) {
                    ReportModel.evaluation(rules, on: set, file: labels, progress: $0)
                }
            }
            var corpusReport: ImpactReport?
            if let old, let against {
                let (messages, over) =
                    corpusMessages.map { ($0, "the corpus '\(corpus ?? "")'") }
                    ?? ((set?.messages.map(\.text) ?? []), "the labelled messages '\(labels ?? "")'")
                let (impact, report) = measured("comparing", messages.count) {
                    ReportModel.impact(
                        old: old, new: rules, againstFolder: against, messages: messages, measuredOver: over,
                        labelled: set, progress: $0)
                }
                model.impact = impact
                if corpusMessages != nil { corpusReport = report }
            }
            if let corpusMessages, let corpus {
                let report =
                    corpusReport
                    ?? measured("counting", corpusMessages.count) {
                        ImpactReport.run(old: nil, new: rules, messages: corpusMessages, progress: $0)
                    }
                model.coverage = measured("phrases", corpusMessages.count) {
                    ReportModel.coverage(rules, report: report, messages: corpusMessages, file: corpus, progress: $0)
                }
            }
            let page = try ReportPage.render(model)
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw CommandFailure(HavenExit.ioError, FrontendError.cannotWrite(output))
            }
        }

        /// Runs `work` with a progress line (on a terminal only) counting up to `total`.
        private func measured<T>(_ label: String, _ total: Int, _ work: ((Int) -> Void) -> T) -> T {
            let progress = ProgressLine(label, total: total)
            defer { progress?.finish() }
            return work { progress?.update($0) }
        }

        /// The labelled set at `path`: bad lines are status 65, none at all 66 (as for `rules eval`).
        private func labelledSet(_ path: String, rules: RuleSet) throws -> LabelledSet {
            let set = LabelledSet.parse(
                lines: try InputFile.lines(path), file: path, categories: rules.categories.map(\.id))
            guard set.problems.isEmpty else {
                for problem in set.problems { printError(problem.description) }
                throw CommandFailure(HavenExit.invalidRules, FrontendError.invalidLabels(count: set.problems.count))
            }
            guard !set.messages.isEmpty else {
                throw CommandFailure(HavenExit.noInput, FrontendError.noLabelledMessages(path))
            }
            return set
        }
    }
}

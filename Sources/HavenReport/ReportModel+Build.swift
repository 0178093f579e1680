package import HavenCore

extension ReportModel {
    /// How many examples a list of misses, false alarms or changes shows per category.
    package static let examplesShown = 5
    /// How many matched phrases the coverage section lists.
    package static let phrasesShown = 20

    /// The overview of `rules` from its lint findings and example checks.
    package static func overview(_ rules: RuleSet, folder: String, findings: [Diagnostic], examples: ExampleReport)
        -> Overview
    {
        let categories = rules.categories.map { category in
            let checks = examples.checks.filter { $0.categoryID == category.id }
            return CategorySummary(
                id: category.id, title: category.title, rules: category.ruleIndices.count,
                examplesPassed: checks.filter(\.passed).count, examplesTotal: checks.count)
        }
        return Overview(
            ruleFolder: folder, categories: categories, ruleCount: rules.rules.count, guardCount: rules.guards.count,
            examplesPassed: examples.checks.count - examples.failures.count, examplesTotal: examples.checks.count,
            findings: findings.map {
                Finding(
                    severity: $0.severity.rawValue, code: $0.code.rawValue, location: $0.location.map { "\($0)" } ?? "",
                    message: $0.message)
            })
    }

    /// `rules` measured on `set` (read from `file`), with up to ``examplesShown`` misses and false
    /// alarms per category, the words that fired marked.
    package static func evaluation(
        _ rules: RuleSet, on set: LabelledSet, file: String, progress: (Int) -> Void = { _ in }
    ) -> Evaluation {
        evaluation(
            rules, report: EvaluationReport.run(rules, on: set, mistakesPerCategory: examplesShown, progress: progress),
            file: file)
    }

    static func evaluation(_ rules: RuleSet, report: EvaluationReport, file: String) -> Evaluation {
        let ids = report.categories.map(\.id)
        var labels = ids.filter { id in report.matrix.contains { $0.label == id } }
        if report.matrix.contains(where: { $0.label == LabelledSet.none }) { labels.append(LabelledSet.none) }
        var detected = ids.filter { id in report.matrix.contains { $0.detected == id } }
        if report.matrix.contains(where: { $0.detected == nil }) { detected.append(Self.nothing) }
        var cells = Array(repeating: Array(repeating: 0, count: detected.count), count: labels.count)
        for cell in report.matrix {
            guard let row = labels.firstIndex(of: cell.label),
                let column = detected.firstIndex(of: cell.detected ?? Self.nothing)
            else { continue }
            cells[row][column] += cell.count
        }
        var misses: [String: [Example]] = [:]
        var falseAlarms: [String: [Example]] = [:]
        for id in ids {
            for mistake in report.mistakes(of: id) {
                let analysis = rules.analyze(mistake.text)
                let example = Example(
                    line: mistake.line, labels: mistake.labels, detected: mistake.detected,
                    text: Segment.highlighting(analysis),
                    fired: mistake.fired.map(\.ruleID))
                if mistake.kind == .miss {
                    misses[id, default: []].append(example)
                } else {
                    falseAlarms[id, default: []].append(example)
                }
            }
        }
        return Evaluation(
            labelsFile: file, messageCount: report.messageCount, scores: report.categories, macroF1: report.macroF1,
            topOneHits: report.topOneHits, matrixLabels: labels, matrixDetected: detected, cells: cells, misses: misses,
            falseAlarms: falseAlarms)
    }

    /// The column of messages in which nothing was detected.
    package static let nothing = "nothing"

    /// What changed from `old` to `new` over `messages` (named by `measuredOver`); with a labelled
    /// `set`, each category's precision, recall and F1 before and after as well.
    package static func impact(
        old: RuleSet, new: RuleSet, againstFolder: String, messages: [String], measuredOver: String,
        labelled set: LabelledSet?,
        progress: (Int) -> Void = { _ in }
    ) -> (impact: Impact, report: ImpactReport) {
        let report = ImpactReport.run(old: old, new: new, messages: messages, progress: progress)
        let before = set.map { EvaluationReport.run(old, on: $0, mistakesPerCategory: 0) }
        let after = set.map { EvaluationReport.run(new, on: $0, mistakesPerCategory: 0) }
        func example(_ index: Int, _ rules: RuleSet, _ category: String) -> Example {
            let analysis = rules.analyze(messages[index])
            return Example(
                line: index + 1, labels: [], detected: analysis.patterns.map(\.categoryID),
                text: Segment.highlighting(analysis, categories: [category]),
                fired: analysis.patterns.filter { $0.categoryID == category }.flatMap(\.ruleIDs))
        }
        let categories = report.categories.map { category in
            CategoryChange(
                id: category.id, before: category.before, after: category.after,
                newlyCaughtCount: category.newlyCaught.count,
                noLongerCaughtCount: category.noLongerCaught.count,
                newlyCaught: category.newlyCaught.prefix(examplesShown).map { example($0, new, category.id) },
                noLongerCaught: category.noLongerCaught.prefix(examplesShown).map { example($0, old, category.id) },
                scoreBefore: before?.categories.first { $0.id == category.id },
                scoreAfter: after?.categories.first { $0.id == category.id })
        }
        let impact = Impact(
            againstFolder: againstFolder, measuredOver: measuredOver, messageCount: messages.count,
            categories: categories,
            macroF1Before: before?.macroF1, macroF1After: after?.macroF1)
        return (impact, report)
    }

    /// How `rules` fire over `messages` (the corpus `file`): rule counts and silent rules from
    /// `report` (an ``ImpactReport`` of `rules` over the same messages), and the most common matched phrases.
    package static func coverage(
        _ rules: RuleSet, report: ImpactReport, messages: [String], file: String, progress: (Int) -> Void = { _ in }
    ) -> Coverage {
        var phraseCounts: [String: Int] = [:]
        for (index, message) in messages.enumerated() {
            let analysis = rules.analyze(message)
            for pattern in analysis.patterns {
                for evidence in pattern.evidence {
                    phraseCounts[analysis.text.text(of: evidence.tokens), default: 0] += 1
                }
            }
            progress(index + 1)
        }
        func sorted(_ counts: [String: Int]) -> [Count] {
            counts.filter { $0.value > 0 }.map { Count(name: $0.key, count: $0.value) }.sorted {
                ($1.count, $0.name) < ($0.count, $1.name)
            }
        }
        return Coverage(
            corpusFile: file, messageCount: messages.count, ruleCounts: sorted(report.ruleCounts),
            silentRules: report.silentRules,
            silentCategories: report.silentCategories, phrases: Array(sorted(phraseCounts).prefix(phrasesShown)))
    }
}

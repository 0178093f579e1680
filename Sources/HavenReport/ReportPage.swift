import Foundation
import HavenCore
import Mustache

/// Renders a ``ReportModel`` as one self-contained HTML page: inline CSS and SVG, no scripts, no
/// fonts, no images, nothing fetched. Every chart has a table with the same numbers beside it.
///
/// The page is a Mustache template (``ReportTemplate``) filled with views of the model whose
/// numbers are already formatted; Mustache HTML-escapes every value, message text included.
package enum ReportPage {
    /// The page for `model`.
    package static func render(_ model: ReportModel) throws(ReportError) -> String {
        var library = MustacheLibrary()
        do {
            try library.register(ReportTemplate.page, named: "page")
            try library.register(ReportTemplate.example, named: "example")
        } catch {
            throw .template("\(error)")
        }
        guard let page = library.render(PageView(model), withTemplate: "page") else {
            throw .template("no template 'page'")
        }
        return page
    }

    static func fixed(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0" }
}

// The views: what the template reads, with every number formatted. Mustache reads them by Mirror,
// so they are plain structs with stored properties; a Bool or an optional decides a section.

struct PageView {
    let title: String
    let subtitle: String
    let nav: [NavView]
    let overview: OverviewView
    let evaluation: EvaluationView?
    let impact: ImpactView?
    let coverage: CoverageView?

    init(_ model: ReportModel) {
        title = "Haven rules report"
        subtitle = "Rules in \(model.overview.ruleFolder)"
        overview = OverviewView(model.overview)
        evaluation = model.evaluation.map(EvaluationView.init)
        impact = model.impact.map(ImpactView.init)
        coverage = model.coverage.map(CoverageView.init)
        var nav = [NavView(href: "#overview", name: "Overview")]
        if evaluation != nil { nav.append(NavView(href: "#evaluation", name: "Evaluation")) }
        if impact != nil { nav.append(NavView(href: "#impact", name: "Edit impact")) }
        if coverage != nil { nav.append(NavView(href: "#coverage", name: "Corpus")) }
        self.nav = nav
    }
}

struct NavView {
    let href: String
    let name: String
}

struct OverviewView {
    let folder: String
    let categoryCount: Int
    let ruleCount: Int
    let guardCount: Int
    let examples: String
    let examplesAllPass: Bool
    let findingSummary: String
    let hasFindings: Bool
    /// The findings grouped by code, codes in alphabetical order (as `--list-codes` lists them).
    let findingGroups: [FindingGroup]
    let categories: [Row]

    struct Row {
        let id: String
        let title: String
        let rules: Int
        let examples: String
        let failing: Bool
    }

    init(_ overview: ReportModel.Overview) {
        folder = overview.ruleFolder
        categoryCount = overview.categories.count
        ruleCount = overview.ruleCount
        guardCount = overview.guardCount
        examples = "\(overview.examplesPassed) of \(overview.examplesTotal)"
        examplesAllPass = overview.examplesPassed == overview.examplesTotal
        let errors = overview.findings.filter { $0.severity == "error" }.count
        let warnings = overview.findings.filter { $0.severity == "warning" }.count
        findingSummary = "\(ReportPage.plural(errors, "error")), \(ReportPage.plural(warnings, "warning"))"
        hasFindings = !overview.findings.isEmpty
        findingGroups = Dictionary(grouping: overview.findings, by: \.code).sorted { $0.key < $1.key }.map {
            FindingGroup(code: $0.key, findings: $0.value)
        }
        categories = overview.categories.map {
            Row(
                id: $0.id, title: $0.title, rules: $0.rules, examples: "\($0.examplesPassed) of \($0.examplesTotal)",
                failing: $0.examplesPassed < $0.examplesTotal)
        }
    }
}

/// The findings with one code, and what the code means.
struct FindingGroup {
    let code: String
    let summary: String
    let count: String
    let findings: [ReportModel.Finding]

    init(code: String, findings: [ReportModel.Finding]) {
        self.code = code
        summary = FindingCatalog.page(DiagnosticCode(rawValue: code))?.summary ?? ""
        count = ReportPage.plural(findings.count, "finding")
        self.findings = findings
    }
}

/// A message with its marked words, and what fired.
struct ExampleView {
    let line: Int
    let labels: String
    let hasLabels: Bool
    let detected: String
    let segments: [Segment]
    let fired: String
    let hasFired: Bool

    init(_ example: ReportModel.Example, showLabels: Bool) {
        line = example.line
        labels = example.labels.isEmpty ? LabelledSet.none : example.labels.joined(separator: ", ")
        hasLabels = showLabels
        detected = example.detected.isEmpty ? "nothing" : example.detected.joined(separator: ", ")
        segments = example.text
        fired = example.fired.joined(separator: ", ")
        hasFired = !example.fired.isEmpty
    }
}

/// One horizontal bar of a chart, positioned in SVG units.
struct BarView {
    let label: String
    let value: String
    let x: String
    let y: String
    let width: String
    let textY: String
    let valueX: String
    let tone: String
}

struct EvaluationView {
    let file: String
    let messages: Int
    let crisis: CrisisView?
    let macroF1: String
    let topOne: String
    let topOneHits: Int
    let rows: [Row]
    let chartHeight: Int
    let bars: [BarView]
    let categoryLabels: [BarView]
    let matrixColumns: [String]
    let matrixRows: [MatrixRow]
    let mistakes: [MistakeGroup]
    let hasMistakes: Bool

    struct CrisisView {
        let recall: String
        let caught: Int
        let labelled: Int
        let precision: String
        let alarmsRight: Int
        let alarms: Int
        let complete: Bool
    }

    struct Row {
        let id: String
        let precision: String
        let recall: String
        let f1: String
        let tp: Int
        let fp: Int
        let fn: Int
    }

    struct MatrixRow {
        let label: String
        let cells: [MatrixCell]
    }

    struct MatrixCell {
        let count: Int
        let style: String
        let right: Bool
        let zero: Bool
        let describe: String
    }

    struct MistakeGroup {
        let id: String
        let summary: String
        let misses: [ExampleView]
        let falseAlarms: [ExampleView]
        let hasMisses: Bool
        let hasFalseAlarms: Bool
    }

    init(_ evaluation: ReportModel.Evaluation) {
        file = evaluation.labelsFile
        messages = evaluation.messageCount
        crisis = evaluation.crisis.map {
            CrisisView(
                recall: ReportPage.fixed($0.recall), caught: $0.truePositives,
                labelled: $0.truePositives + $0.falseNegatives,
                precision: ReportPage.fixed($0.precision), alarmsRight: $0.truePositives,
                alarms: $0.truePositives + $0.falsePositives,
                complete: $0.falseNegatives == 0)
        }
        macroF1 = ReportPage.fixed(evaluation.macroF1, digits: 3)
        topOne = ReportPage.fixed(evaluation.topOne, digits: 3)
        topOneHits = evaluation.topOneHits
        rows = evaluation.scores.map {
            Row(
                id: $0.id, precision: ReportPage.fixed($0.precision), recall: ReportPage.fixed($0.recall),
                f1: ReportPage.fixed($0.f1),
                tp: $0.truePositives, fp: $0.falsePositives, fn: $0.falseNegatives)
        }
        // Three bars per category (precision, recall, F1), 12 units tall, 10 apart, 16 between categories.
        var bars: [BarView] = []
        var labels: [BarView] = []
        let (left, span) = (150.0, 380.0)
        for (index, score) in evaluation.scores.enumerated() {
            let top = 8 + Double(index) * 58
            labels.append(
                BarView(
                    label: score.id, value: "", x: "0", y: "", width: "", textY: ReportPage.fixed(top + 24, digits: 0),
                    valueX: "", tone: ""))
            for (offset, (name, value)) in [("precision", score.precision), ("recall", score.recall), ("F1", score.f1)]
                .enumerated()
            {
                let y = top + Double(offset) * 16
                bars.append(
                    BarView(
                        label: "\(score.id) \(name)", value: ReportPage.fixed(value),
                        x: ReportPage.fixed(left, digits: 0),
                        y: ReportPage.fixed(y, digits: 0), width: ReportPage.fixed(max(value * span, 1), digits: 1),
                        textY: ReportPage.fixed(y + 11, digits: 0),
                        valueX: ReportPage.fixed(left + max(value * span, 1) + 6, digits: 1),
                        tone: ["precision", "recall", "f1"][offset]))
            }
        }
        self.bars = bars
        categoryLabels = labels
        chartHeight = 16 + evaluation.scores.count * 58
        matrixColumns = evaluation.matrixDetected
        matrixRows = evaluation.matrixLabels.enumerated().map { row, label in
            let total = max(1, evaluation.cells[row].reduce(0, +))
            return MatrixRow(
                label: label,
                cells: evaluation.matrixDetected.enumerated().map { column, detected in
                    let count = evaluation.cells[row][column]
                    let right = label == detected || (label == LabelledSet.none && detected == ReportModel.nothing)
                    let share = Double(count) / Double(total)
                    // Blue for the right answer, red for a confusion; darker is more of the row's
                    // messages. Dark text keeps 4.5:1 contrast up to the fullest cells, where white does.
                    let hue = right ? "37, 99, 235" : "220, 38, 38"
                    let alpha = count == 0 ? 0 : 0.12 + 0.88 * share
                    let style =
                        "background-color: rgba(\(hue), \(ReportPage.fixed(alpha))); color: \(alpha > 0.95 ? "#fff" : "#111");"
                    return MatrixCell(
                        count: count, style: style, right: right, zero: count == 0,
                        describe: "\(label) as \(detected): \(count)")
                })
        }
        mistakes = evaluation.scores.compactMap { score in
            let misses = evaluation.misses[score.id] ?? []
            let alarms = evaluation.falseAlarms[score.id] ?? []
            guard score.falseNegatives + score.falsePositives > 0 else { return nil }
            return MistakeGroup(
                id: score.id,
                summary: "\(score.falseNegatives) missed, \(ReportPage.plural(score.falsePositives, "false alarm"))"
                    + (misses.count < score.falseNegatives || alarms.count < score.falsePositives
                        ? " (the first \(ReportModel.examplesShown) of each shown)" : ""),
                misses: misses.map { ExampleView($0, showLabels: true) },
                falseAlarms: alarms.map { ExampleView($0, showLabels: true) },
                hasMisses: !misses.isEmpty, hasFalseAlarms: !alarms.isEmpty)
        }
        hasMistakes = !mistakes.isEmpty
    }
}

struct ImpactView {
    let against: String
    let measuredOver: String
    let messages: Int
    let rows: [Row]
    let hasScores: Bool
    let macroF1: String?
    let chartHeight: Int
    let gains: [BarView]
    let losses: [BarView]
    let categoryLabels: [BarView]
    let groups: [Group]
    let hasChanges: Bool

    struct Row {
        let id: String
        let caught: String
        let delta: String
        let newly: Int
        let noLonger: Int
        let precision: String
        let recall: String
        let f1: String
    }

    struct Group {
        let id: String
        let summary: String
        let newly: [ExampleView]
        let noLonger: [ExampleView]
        let hasNewly: Bool
        let hasNoLonger: Bool
    }

    init(_ impact: ReportModel.Impact) {
        against = impact.againstFolder
        measuredOver = impact.measuredOver
        messages = impact.messageCount
        func change(_ before: Double?, _ after: Double?) -> String {
            guard let before, let after else { return "—" }
            return "\(ReportPage.fixed(before)) → \(ReportPage.fixed(after))"
        }
        rows = impact.categories.map {
            Row(
                id: $0.id, caught: "\($0.before) → \($0.after)", delta: ReportPage.signed($0.after - $0.before),
                newly: $0.newlyCaughtCount, noLonger: $0.noLongerCaughtCount,
                precision: change($0.scoreBefore?.precision, $0.scoreAfter?.precision),
                recall: change($0.scoreBefore?.recall, $0.scoreAfter?.recall),
                f1: change($0.scoreBefore?.f1, $0.scoreAfter?.f1))
        }
        hasScores = impact.macroF1Before != nil
        macroF1 = impact.macroF1Before.flatMap { before in
            impact.macroF1After.map { "\(ReportPage.fixed(before, digits: 3)) → \(ReportPage.fixed($0, digits: 3))" }
        }
        // Diverging bars: newly caught to the right of the axis, no longer caught to the left.
        let largest = Double(
            max(1, impact.categories.map { max($0.newlyCaughtCount, $0.noLongerCaughtCount) }.max() ?? 1))
        let (axis, half) = (340.0, 180.0)
        var gains: [BarView] = []
        var losses: [BarView] = []
        var labels: [BarView] = []
        for (index, category) in impact.categories.enumerated() {
            let y = 10 + Double(index) * 26
            labels.append(
                BarView(
                    label: category.id, value: "", x: "0", y: "", width: "", textY: ReportPage.fixed(y + 13, digits: 0),
                    valueX: "", tone: ""))
            let gain = Double(category.newlyCaughtCount) / largest * half
            let loss = Double(category.noLongerCaughtCount) / largest * half
            gains.append(
                BarView(
                    label: "\(category.id) newly caught", value: "+\(category.newlyCaughtCount)",
                    x: ReportPage.fixed(axis, digits: 0),
                    y: ReportPage.fixed(y, digits: 0), width: ReportPage.fixed(gain, digits: 1),
                    textY: ReportPage.fixed(y + 13, digits: 0),
                    valueX: ReportPage.fixed(axis + gain + 4, digits: 1), tone: "gain"))
            losses.append(
                BarView(
                    label: "\(category.id) no longer caught", value: "−\(category.noLongerCaughtCount)",
                    x: ReportPage.fixed(axis - loss, digits: 1),
                    y: ReportPage.fixed(y, digits: 0), width: ReportPage.fixed(loss, digits: 1),
                    textY: ReportPage.fixed(y + 13, digits: 0),
                    valueX: ReportPage.fixed(axis - loss - 4, digits: 1), tone: "loss"))
        }
        self.gains = gains
        self.losses = losses
        categoryLabels = labels
        chartHeight = 20 + impact.categories.count * 26
        groups = impact.categories.filter { $0.newlyCaughtCount + $0.noLongerCaughtCount > 0 }.map {
            Group(
                id: $0.id, summary: "\($0.newlyCaughtCount) newly caught, \($0.noLongerCaughtCount) no longer caught",
                newly: $0.newlyCaught.map { ExampleView($0, showLabels: false) },
                noLonger: $0.noLongerCaught.map { ExampleView($0, showLabels: false) },
                hasNewly: !$0.newlyCaught.isEmpty, hasNoLonger: !$0.noLongerCaught.isEmpty)
        }
        hasChanges = !groups.isEmpty
    }
}

struct CoverageView {
    let file: String
    let messages: Int
    let rules: [ReportModel.Count]
    let hasRules: Bool
    let chartHeight: Int
    let bars: [BarView]
    let chartShows: String
    let silentRules: [String]
    let hasSilentRules: Bool
    let silentCategories: String
    let hasSilentCategories: Bool
    let phrases: [ReportModel.Count]
    let hasPhrases: Bool

    /// How many rules the chart shows; the table lists them all.
    static let chartRules = 15

    init(_ coverage: ReportModel.Coverage) {
        file = coverage.corpusFile
        messages = coverage.messageCount
        rules = coverage.ruleCounts
        hasRules = !rules.isEmpty
        let shown = coverage.ruleCounts.prefix(Self.chartRules)
        let largest = Double(max(1, shown.first?.count ?? 1))
        let (left, span) = (230.0, 300.0)
        bars = shown.enumerated().map { index, rule in
            let y = 8 + Double(index) * 22
            let width = max(Double(rule.count) / largest * span, 1)
            return BarView(
                label: rule.name, value: "\(rule.count)", x: ReportPage.fixed(left, digits: 0),
                y: ReportPage.fixed(y, digits: 0),
                width: ReportPage.fixed(width, digits: 1), textY: ReportPage.fixed(y + 12, digits: 0),
                valueX: ReportPage.fixed(left + width + 6, digits: 1), tone: "rule")
        }
        chartHeight = 16 + shown.count * 22
        chartShows =
            coverage.ruleCounts.count > Self.chartRules
            ? "the \(Self.chartRules) rules that fire most" : "every rule that fires"
        silentRules = coverage.silentRules
        hasSilentRules = !silentRules.isEmpty
        silentCategories = coverage.silentCategories.joined(separator: ", ")
        hasSilentCategories = !coverage.silentCategories.isEmpty
        phrases = coverage.phrases
        hasPhrases = !phrases.isEmpty
    }
}

package import HavenCore

/// Everything the report page shows, as plain values computed from the tooling reports
/// (``ExampleReport``, ``RuleLinter``, ``EvaluationReport``, ``ImpactReport``); no HTML here.
///
/// Labelled and corpus messages appear in it (the misses, false alarms and changed examples, with
/// the words that fired marked): the model is for the local report only and is never logged.
package struct ReportModel: Sendable {
    package var overview: Overview
    /// With `--labels`.
    package var evaluation: Evaluation?
    /// With `--against`.
    package var impact: Impact?
    /// With `--corpus`.
    package var coverage: Coverage?

    package init(overview: Overview, evaluation: Evaluation? = nil, impact: Impact? = nil, coverage: Coverage? = nil) {
        self.overview = overview
        self.evaluation = evaluation
        self.impact = impact
        self.coverage = coverage
    }

    /// The state of the rule folder: its categories, rules, guards, examples and lint findings.
    package struct Overview: Sendable {
        package var ruleFolder: String
        package var categories: [CategorySummary]
        package var ruleCount: Int
        package var guardCount: Int
        package var examplesPassed: Int
        package var examplesTotal: Int
        package var findings: [Finding]
    }

    /// One category of the rule set.
    package struct CategorySummary: Sendable, Equatable {
        package var id: String
        package var title: String
        package var rules: Int
        package var examplesPassed: Int
        package var examplesTotal: Int
    }

    /// A lint finding at its `file:line:col`, with its code.
    package struct Finding: Sendable, Equatable {
        package var severity: String
        package var code: String
        package var location: String
        package var message: String
    }

    /// A message with the words that fired marked.
    package struct Example: Sendable, Equatable {
        /// The line in the labelled file or corpus (1-based).
        package var line: Int
        /// Labels, primary first (empty for `none`, or for a corpus message).
        package var labels: [String]
        /// Detected categories, strongest first.
        package var detected: [String]
        package var text: [Segment]
        /// The rules that fired.
        package var fired: [String]
    }

    /// How the rules did on a labelled set.
    package struct Evaluation: Sendable {
        package var labelsFile: String
        package var messageCount: Int
        /// Crisis first, as in ``EvaluationReport/categories``.
        package var scores: [EvaluationReport.CategoryScore]
        package var macroF1: Double
        package var topOneHits: Int
        /// Primary labels (rows) and strongest detected patterns (columns, `nothing` last) of the matrix.
        package var matrixLabels: [String]
        package var matrixDetected: [String]
        /// `cells[row][column]`: how many messages.
        package var cells: [[Int]]
        /// Per category, in ``scores`` order.
        package var misses: [String: [Example]]
        package var falseAlarms: [String: [Example]]

        package var crisis: EvaluationReport.CategoryScore? { scores.first { $0.id == RuleSet.crisisID } }
        package var topOne: Double { messageCount > 0 ? Double(topOneHits) / Double(messageCount) : 0 }
    }

    /// What an edit changed, compared with an older rule folder.
    package struct Impact: Sendable {
        package var againstFolder: String
        /// What it was measured over ("the corpus 'x.txt'").
        package var measuredOver: String
        package var messageCount: Int
        package var categories: [CategoryChange]
        /// On the labelled set, when there is one.
        package var macroF1Before: Double?
        package var macroF1After: Double?
    }

    /// One category before and after the edit.
    package struct CategoryChange: Sendable {
        package var id: String
        /// Messages it was detected in.
        package var before: Int
        package var after: Int
        package var newlyCaughtCount: Int
        package var noLongerCaughtCount: Int
        package var newlyCaught: [Example]
        package var noLongerCaught: [Example]
        /// On the labelled set, when there is one.
        package var scoreBefore: EvaluationReport.CategoryScore?
        package var scoreAfter: EvaluationReport.CategoryScore?
    }

    /// How the rules fire over a corpus.
    package struct Coverage: Sendable {
        package var corpusFile: String
        package var messageCount: Int
        /// Every rule that fired, most often first.
        package var ruleCounts: [Count]
        package var silentRules: [String]
        package var silentCategories: [String]
        /// The most common matched phrases (normalised words), most common first.
        package var phrases: [Count]
    }

    /// A name and how often.
    package struct Count: Sendable, Equatable {
        package var name: String
        package var count: Int
    }
}

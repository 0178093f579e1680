public import HavenCore

/// Everything the report page shows, as plain values computed from the tooling reports
/// (``ExampleReport``, ``RuleLinter``, ``EvaluationReport``, ``ImpactReport``); no HTML here.
///
/// Labelled and corpus messages appear in it (the misses, false alarms and changed examples, with
/// the words that fired marked): the model is for the local report only and is never logged.
public struct ReportModel: Sendable {
    public var overview: Overview
    /// With `--labels`.
    public var evaluation: Evaluation?
    /// With `--against`.
    public var impact: Impact?
    /// With `--corpus`.
    public var coverage: Coverage?

    public init(overview: Overview, evaluation: Evaluation? = nil, impact: Impact? = nil, coverage: Coverage? = nil) {
        self.overview = overview
        self.evaluation = evaluation
        self.impact = impact
        self.coverage = coverage
    }

    /// The state of the rule folder: its categories, rules, guards, examples and lint findings.
    public struct Overview: Sendable {
        public var ruleFolder: String
        public var categories: [CategorySummary]
        public var ruleCount: Int
        public var guardCount: Int
        public var examplesPassed: Int
        public var examplesTotal: Int
        public var findings: [Finding]
    }

    /// One category of the rule set.
    public struct CategorySummary: Sendable, Equatable {
        public var id: String
        public var title: String
        public var rules: Int
        public var examplesPassed: Int
        public var examplesTotal: Int
    }

    /// A lint finding at its `file:line:col`, with its code.
    public struct Finding: Sendable, Equatable {
        public var severity: String
        public var code: String
        public var location: String
        public var message: String
    }

    /// A message with the words that fired marked.
    public struct Example: Sendable, Equatable {
        /// The line in the labelled file or corpus (1-based).
        public var line: Int
        /// Labels, primary first (empty for `none`, or for a corpus message).
        public var labels: [String]
        /// Detected categories, strongest first.
        public var detected: [String]
        public var text: [Segment]
        /// The rules that fired.
        public var fired: [String]
    }

    /// How the rules did on a labelled set.
    public struct Evaluation: Sendable {
        public var labelsFile: String
        public var messageCount: Int
        /// Crisis first, as in ``EvaluationReport/categories``.
        public var scores: [EvaluationReport.CategoryScore]
        public var macroF1: Double
        public var topOneHits: Int
        /// Primary labels (rows) and strongest detected patterns (columns, `nothing` last) of the matrix.
        public var matrixLabels: [String]
        public var matrixDetected: [String]
        /// `cells[row][column]`: how many messages.
        public var cells: [[Int]]
        /// Per category, in ``scores`` order.
        public var misses: [String: [Example]]
        public var falseAlarms: [String: [Example]]

        public var crisis: EvaluationReport.CategoryScore? { scores.first { $0.id == RuleSet.crisisID } }
        public var topOne: Double { messageCount > 0 ? Double(topOneHits) / Double(messageCount) : 0 }
    }

    /// What an edit changed, compared with an older rule folder.
    public struct Impact: Sendable {
        public var againstFolder: String
        /// What it was measured over ("the corpus 'x.txt'").
        public var measuredOver: String
        public var messageCount: Int
        public var categories: [CategoryChange]
        /// On the labelled set, when there is one.
        public var macroF1Before: Double?
        public var macroF1After: Double?
    }

    /// One category before and after the edit.
    public struct CategoryChange: Sendable {
        public var id: String
        /// Messages it was detected in.
        public var before: Int
        public var after: Int
        public var newlyCaughtCount: Int
        public var noLongerCaughtCount: Int
        public var newlyCaught: [Example]
        public var noLongerCaught: [Example]
        /// On the labelled set, when there is one.
        public var scoreBefore: EvaluationReport.CategoryScore?
        public var scoreAfter: EvaluationReport.CategoryScore?
    }

    /// How the rules fire over a corpus.
    public struct Coverage: Sendable {
        public var corpusFile: String
        public var messageCount: Int
        /// Every rule that fired, most often first.
        public var ruleCounts: [Count]
        public var silentRules: [String]
        public var silentCategories: [String]
        /// The most common matched phrases (normalised words), most common first.
        public var phrases: [Count]
    }

    /// A name and how often.
    public struct Count: Sendable, Equatable {
        public var name: String
        public var count: Int
    }
}

/// How well the rules detect what a labelled set says, by the team's metric (`haven rules eval`).
///
/// Per category (every category of the rule set), set-based over the detected patterns of each
/// message: a true positive is a category detected and labelled, a false positive one detected
/// and not labelled, a false negative one labelled and not detected. Precision, recall and F1
/// are 0 when undefined; macro-F1 is the mean F1 over the categories. Top-1 is the share of
/// messages whose strongest pattern is one of their labels, or, for a `none` message, in which
/// nothing was detected.
package struct EvaluationReport: Sendable {
    /// The counts and scores of one category.
    package struct CategoryScore: Sendable, Equatable {
        package let id: String
        package internal(set) var truePositives = 0
        package internal(set) var falsePositives = 0
        package internal(set) var falseNegatives = 0

        package init(id: String, truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.id = id
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        /// Of the messages it was detected in, the share that carry the label (0 when never detected).
        package var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }
        /// Of the messages labelled with it, the share it was detected in (0 when never labelled).
        package var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
        /// The harmonic mean of precision and recall (0 when both are 0).
        package var f1: Double {
            let (precision, recall) = (precision, recall)
            return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }

        static func ratio(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }
    }

    /// Messages whose top-1 was wrong: labelled `label` (the primary label, or `none`), and
    /// `detected` the strongest pattern (nil: nothing detected).
    package struct Confusion: Sendable, Equatable {
        package let label: String
        package let detected: String?
        package let count: Int

        package init(label: String, detected: String?, count: Int) {
            self.label = label
            self.detected = detected
            self.count = count
        }
    }

    /// A rule that fired in a message, with the words it matched as written (nil when its
    /// match lies inside a longer one that is listed instead).
    package struct Firing: Sendable, Equatable {
        package let ruleID: String
        package let words: String?

        package init(ruleID: String, words: String?) {
            self.ruleID = ruleID
            self.words = words
        }
    }

    /// One message a category got wrong: labelled and missed, or detected and not labelled.
    package struct Mistake: Sendable, Equatable {
        package enum Kind: String, Sendable {
            case miss
            case falseAlarm = "false_alarm"
        }

        package let kind: Kind
        package let categoryID: String
        package let line: Int
        /// Primary first; empty for `none`.
        package let labels: [String]
        /// The detected categories, strongest first.
        package let detected: [String]
        package let text: String
        /// Every rule that fired, in ranking order; empty when nothing fired.
        package let fired: [Firing]
    }

    package let messageCount: Int
    /// Crisis first (the safety tier), then the rule set's order.
    package let categories: [CategoryScore]
    package let topOneHits: Int
    /// Most frequent first.
    package let confusions: [Confusion]
    /// Every message's primary label (or `none`) against its strongest detected pattern (nil:
    /// nothing), right or wrong: the cells of a confusion matrix, in no particular order.
    package let matrix: [Confusion]
    /// Up to the asked number of misses, then of false alarms, per category, in file order.
    let mistakes: [String: [Mistake]]
    /// How many misses and how many false alarms were kept per category.
    package let mistakeLimit: Int

    /// The mean F1 over ``categories``.
    package var macroF1: Double {
        categories.isEmpty ? 0 : categories.map(\.f1).reduce(0, +) / Double(categories.count)
    }
    /// The share of messages whose strongest pattern is one of their labels (nothing, for `none`).
    package var topOne: Double { CategoryScore.ratio(topOneHits, messageCount) }
    /// The safety tier's figures.
    package var crisis: CategoryScore? { categories.first { $0.id == RuleSet.crisisID } }

    /// The misses, then the false alarms, kept for `categoryID`.
    package func mistakes(of categoryID: String) -> [Mistake] { mistakes[categoryID] ?? [] }

    /// Whether crisis recall is at least `minimum` (a set with no crisis message has recall 0).
    package func meetsCrisisRecall(_ minimum: Double) -> Bool { (crisis?.recall ?? 0) >= minimum }

    /// Measures `rules` on `set`, keeping up to `mistakesPerCategory` misses and as many false
    /// alarms per category for the report.
    /// `progress` is called after each message with how many are done.
    package static func run(
        _ rules: RuleSet, on set: LabelledSet, mistakesPerCategory: Int = 5, progress: (Int) -> Void = { _ in }
    ) -> EvaluationReport {
        var ids = rules.categories.map(\.id).filter { $0 != LabelledSet.none }
        if let crisis = ids.firstIndex(of: RuleSet.crisisID) { ids.insert(ids.remove(at: crisis), at: 0) }
        var scores = Dictionary(uniqueKeysWithValues: ids.map { ($0, CategoryScore(id: $0)) })
        var misses: [String: [Mistake]] = [:]
        var falseAlarms: [String: [Mistake]] = [:]
        var confusionCounts: [ConfusionKey: Int] = [:]
        var matrixCounts: [ConfusionKey: Int] = [:]
        var topOneHits = 0
        for (done, message) in set.messages.enumerated() {
            defer { progress(done + 1) }
            let analysis = rules.analyze(message.text)
            let detected = analysis.patterns.map(\.categoryID)
            let labels = Set(message.labels)
            let found = Set(detected)
            var missedIn: [String] = []
            var falselyIn: [String] = []
            for id in ids {
                switch (found.contains(id), labels.contains(id)) {
                case (true, true): scores[id]?.truePositives += 1
                case (true, false):
                    scores[id]?.falsePositives += 1
                    if falseAlarms[id, default: []].count < mistakesPerCategory { falselyIn.append(id) }
                case (false, true):
                    scores[id]?.falseNegatives += 1
                    if misses[id, default: []].count < mistakesPerCategory { missedIn.append(id) }
                case (false, false): break
                }
            }
            matrixCounts[
                ConfusionKey(label: message.labels.first ?? LabelledSet.none, detected: detected.first), default: 0] +=
                1
            if detected.first.map(labels.contains) ?? labels.isEmpty {
                topOneHits += 1
            } else {
                confusionCounts[
                    ConfusionKey(label: message.labels.first ?? LabelledSet.none, detected: detected.first), default: 0] +=
                    1
            }
            guard !missedIn.isEmpty || !falselyIn.isEmpty else { continue }
            // Only messages that are shown pay for the words.
            let fired = firings(analysis)
            func mistake(_ kind: Mistake.Kind, _ id: String) -> Mistake {
                Mistake(
                    kind: kind, categoryID: id, line: message.line, labels: message.labels, detected: detected,
                    text: message.text, fired: fired)
            }
            for id in missedIn { misses[id, default: []].append(mistake(.miss, id)) }
            for id in falselyIn { falseAlarms[id, default: []].append(mistake(.falseAlarm, id)) }
        }
        let confusions = confusionCounts.map {
            Confusion(label: $0.key.label, detected: $0.key.detected, count: $0.value)
        }
        .sorted { ($1.count, $0.label, $0.detected ?? "") < ($0.count, $1.label, $1.detected ?? "") }
        var mistakes: [String: [Mistake]] = [:]
        for id in ids { mistakes[id] = misses[id, default: []] + falseAlarms[id, default: []] }
        return EvaluationReport(
            messageCount: set.messages.count, categories: ids.compactMap { scores[$0] }, topOneHits: topOneHits,
            confusions: confusions,
            matrix: matrixCounts.map { Confusion(label: $0.key.label, detected: $0.key.detected, count: $0.value) },
            mistakes: mistakes, mistakeLimit: max(0, mistakesPerCategory))
    }

    private struct ConfusionKey: Hashable {
        let label: String
        let detected: String?
    }

    /// The rules that fired, strongest pattern first, with the words of each piece of evidence.
    private static func firings(_ analysis: Analysis) -> [Firing] {
        var fired: [Firing] = []
        for pattern in analysis.patterns {
            for evidence in pattern.evidence {
                fired.append(
                    Firing(ruleID: evidence.ruleID, words: String(analysis.text.originalText(of: evidence.tokens))))
            }
            for ruleID in pattern.ruleIDs where !pattern.evidence.contains(where: { $0.ruleID == ruleID }) {
                fired.append(Firing(ruleID: ruleID, words: nil))
            }
        }
        return fired
    }
}

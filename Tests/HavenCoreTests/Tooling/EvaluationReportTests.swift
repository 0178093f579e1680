import Foundation
import HavenCore
import HavenCoreTesting
import Testing

/// The metric of `haven rules eval`, on tiny sets whose figures are worked out by hand.
struct EvaluationReportTests {
    func report(_ labels: String, files: [String: String] = EvaluationFixture.ruleFiles, mistakes: Int = 5) throws
        -> EvaluationReport
    {
        let rules = try TestRules.ruleSet(files)
        let set = LabelledSet.parse(labels, file: "set.tsv", categories: rules.categories.map(\.id))
        try #require(set.problems.isEmpty, "\(set.problems)")
        return EvaluationReport.run(rules, on: set, mistakesPerCategory: mistakes)
    }

    func counts(_ report: EvaluationReport) -> [String: [Int]] {
        Dictionary(
            uniqueKeysWithValues: report.categories.map {
                ($0.id, [$0.truePositives, $0.falsePositives, $0.falseNegatives])
            })
    }

    @Test func countsPerCategoryOverTheDetectedSets() throws {
        let report = try report(EvaluationFixture.labels)
        #expect(report.messageCount == 7)
        // Crisis first (the safety tier), then the rule set's order.
        #expect(report.categories.first?.id == "crisis")
        #expect(counts(report) == ["criticism": [2, 2, 0], "withdrawal": [2, 0, 0], "crisis": [1, 0, 1]])
        let criticism = try #require(report.categories.first { $0.id == "criticism" })
        #expect(criticism.precision == 0.5)
        #expect(criticism.recall == 1)
        #expect(abs(criticism.f1 - 2.0 / 3) < 1e-12)
        #expect(abs(report.macroF1 - (2.0 / 3 + 1 + 2.0 / 3) / 3) < 1e-12)
        #expect(report.topOneHits == 4)
        #expect(abs(report.topOne - 4.0 / 7) < 1e-12)
        #expect(report.crisis?.recall == 0.5)
        #expect(report.crisis?.precision == 1)
    }

    @Test func undefinedPrecisionRecallAndF1AreZeroAndStillCountInTheMacroMean() throws {
        // `withdrawal` is neither labelled nor detected; `criticism` is labelled but never detected.
        let report = try report("criticism\the forgot our anniversary\ncrisis\the hit me\n")
        let withdrawal = try #require(report.categories.first { $0.id == "withdrawal" })
        #expect([withdrawal.precision, withdrawal.recall, withdrawal.f1] == [0, 0, 0])
        let criticism = try #require(report.categories.first { $0.id == "criticism" })
        #expect([criticism.precision, criticism.recall, criticism.f1] == [0, 0, 0])
        #expect(report.crisis?.f1 == 1)
        #expect(abs(report.macroF1 - 1.0 / 3) < 1e-12)
    }

    @Test func aNoneMessageIsRightOnlyWhenNothingIsDetected() throws {
        let report = try report("none\tthe weather is nice\nnone\tyou never listen\n")
        #expect(report.topOneHits == 1)
        #expect(counts(report)["criticism"] == [0, 1, 0])
        #expect(report.confusions == [EvaluationReport.Confusion(label: "none", detected: "criticism", count: 1)])
    }

    @Test func topOneAcceptsAnyLabelAndMultiLabelCountsEachCategory() throws {
        // Criticism ranks first (higher priority); withdrawal is the primary label, criticism a
        // second one: the strongest pattern is one of the labels, so top-1 is right.
        let report = try report(
            "withdrawal,criticism\the never listens and he walks out\ncriticism,withdrawal\tyou never listen\n")
        #expect(report.topOneHits == 2)
        #expect(counts(report)["criticism"] == [2, 0, 0])
        #expect(counts(report)["withdrawal"] == [1, 0, 1])
        #expect(report.confusions.isEmpty)
    }

    @Test func listsConfusionsByPrimaryLabelMostFrequentFirst() throws {
        let report = try report(
            EvaluationFixture.labels
                + "crisis\tI was pushed down the stairs\nwithdrawal\tshe walked out, he never listens\n")
        #expect(
            report.confusions == [
                EvaluationReport.Confusion(label: "crisis", detected: nil, count: 2),
                EvaluationReport.Confusion(label: "withdrawal", detected: "criticism", count: 2),
                EvaluationReport.Confusion(label: "none", detected: "criticism", count: 1),
            ])
    }

    @Test func listsMissesAndFalseAlarmsWithTheRulesAndWordsThatFired() throws {
        let report = try report(EvaluationFixture.labels)
        let crisis = report.mistakes(of: "crisis")
        #expect(crisis.map(\.line) == [8])
        #expect(crisis.first?.kind == .miss)
        #expect(crisis.first?.text == "I was beaten up by him")
        #expect(crisis.first?.fired == [])
        let criticism = report.mistakes(of: "criticism")
        #expect(criticism.map(\.kind) == [.falseAlarm, .falseAlarm])
        #expect(criticism.map(\.line) == [5, 10])
        #expect(criticism.first?.labels == ["withdrawal"])
        #expect(criticism.first?.detected == ["criticism", "withdrawal"])
        // In ranking order, the words as written.
        #expect(
            criticism.first?.fired == [
                EvaluationReport.Firing(ruleID: "criticism.never", words: "she never listens"),
                EvaluationReport.Firing(ruleID: "withdrawal.silent", words: "silent treatment"),
            ])
    }

    @Test func keepsUpToNMistakesPerCategoryAndKind() throws {
        let one = try report(EvaluationFixture.labels, mistakes: 1)
        #expect(one.mistakes(of: "criticism").map(\.line) == [5])
        // The counts still cover every message.
        #expect(counts(one)["criticism"] == [2, 2, 0])
        #expect(try report(EvaluationFixture.labels, mistakes: 0).mistakes(of: "crisis").isEmpty)
    }

    @Test func rendersTheCrisisFiguresFirstAndEachCategoryWithItsCounts() throws {
        let text = try report(EvaluationFixture.labels).renderText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.prefix(3) == [
                "7 labelled messages, 3 categories",
                "crisis (safety tier): recall 0.50 (1 of 2 caught), precision 1.00 (1 of 1 alarms right)",
                "macro-F1 0.778, top-1 0.571 (4 of 7)",
            ])
        #expect(lines.contains("category    precision  recall    F1    TP    FP    FN"))
        #expect(lines.contains("criticism        0.50    1.00  0.67     2     2     0"))
        #expect(lines.contains("     1  crisis → nothing detected"))
        #expect(lines.contains("  miss, line 8 [crisis]: I was beaten up by him"))
        #expect(lines.contains("    nothing fired"))
        #expect(lines.contains("  false alarm, line 10 [none]: my husband always forgets the milk"))
        #expect(lines.contains("    fired: criticism.always \"my husband always forgets\""))
    }

    @Test func rendersOneJSONObjectPerLine() throws {
        let output = try report(EvaluationFixture.labels).renderJSONLines(minimumCrisisRecall: 0.75)
        let objects = try output.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(
            objects.map { $0["type"] as? String } == [
                "summary", "category", "category", "category", "miss", "false_alarm", "false_alarm",
            ])
        let summary = objects[0]
        #expect(summary["messages"] as? Int == 7)
        #expect(summary["top1_hits"] as? Int == 4)
        #expect(summary["min_crisis_recall"] as? Double == 0.75)
        #expect(summary["crisis_recall_ok"] as? Bool == false)
        #expect((summary["crisis"] as? [String: Any])?["fn"] as? Int == 1)
        let confusions = try #require(summary["confusions"] as? [[String: Any]])
        #expect(confusions.first?["label"] as? String == "crisis")
        #expect(confusions.first?["detected"] is NSNull)
        #expect(objects[1]["id"] as? String == "crisis")
        #expect(objects[1]["recall"] as? Double == 0.5)
        let falseAlarm = objects[5]
        #expect(falseAlarm["category"] as? String == "criticism")
        #expect(falseAlarm["line"] as? Int == 5)
        #expect(falseAlarm["text"] as? String == "she gave me the silent treatment, she never listens")
        let fired = try #require(falseAlarm["fired"] as? [[String: Any]])
        #expect(fired.first?["rule"] as? String == "criticism.never")
        #expect(fired.first?["words"] as? String == "she never listens")
    }

    @Test func checksTheMinimumCrisisRecall() throws {
        let report = try report(EvaluationFixture.labels)
        #expect(report.meetsCrisisRecall(0.5))
        #expect(!report.meetsCrisisRecall(0.51))
    }
}

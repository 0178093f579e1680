import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven rules eval` on the built binary, with the small rule fixture and a labelled file in my own words.
struct RulesEvalCommandTests {
    /// Twelve messages after a comment line. With ``EvaluationFixture/ruleFiles``, by hand:
    /// crisis TP 2 (lines 8, 10), FN 1 (line 9); criticism TP 4 (2, 3, 4, 10), FP 1 (13);
    /// withdrawal TP 3 (4, 5, 6), FN 1 (7). Top-1 is wrong on lines 7, 9 and 13: 9 of 12.
    static let labels = """
        # my own words, not from any corpus
        criticism\tyou never listen when I talk about work
        criticism\tmy partner never listens to a word I say
        criticism,withdrawal\the never listens and then he walks out
        withdrawal\tshe walked out in the middle of dinner
        withdrawal\tafter the fight I got the silent treatment for a week
        withdrawal\the stopped answering my texts for days
        crisis\the hits me when he drinks
        crisis\tsometimes I think about ending it all
        crisis,criticism\tyou never listen and last week you hit me
        none\twe cooked pasta together tonight
        none\tthe boss always forgets my name
        none\tmy husband always forgets to buy bread

        """

    func eval(_ arguments: [String], labels: String = Self.labels) throws -> (result: ChildProcess.Result, path: String)
    {
        let rules = try TestRules.folder(EvaluationFixture.ruleFiles)
        let path = try EvaluationFixture.write(labels)
        return (try HavenBinary.run(["rules", "eval", "--rules", rules, path] + arguments), path)
    }

    @Test func reportsTheFiguresWorkedOutByHand() throws {
        let (result, _) = try eval([])
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.prefix(3) == [
                "12 labelled messages, 3 categories",
                "crisis (safety tier): recall 0.67 (2 of 3 caught), precision 1.00 (2 of 2 alarms right)",
                "macro-F1 0.849, top-1 0.750 (9 of 12)",
            ])
        #expect(lines.contains("crisis           1.00    0.67  0.80     2     0     1"))
        #expect(lines.contains("criticism        0.80    1.00  0.89     4     1     0"))
        #expect(lines.contains("withdrawal       1.00    0.75  0.86     3     0     1"))
        #expect(lines.contains("     1  crisis → nothing detected"))
        #expect(lines.contains("     1  none → criticism"))
        #expect(lines.contains("  miss, line 9 [crisis]: sometimes I think about ending it all"))
        #expect(lines.contains("  false alarm, line 13 [none]: my husband always forgets to buy bread"))
        #expect(lines.contains("    fired: criticism.always \"my husband always forgets\""))
    }

    @Test func writesOneJSONObjectPerLine() throws {
        let (result, _) = try eval(["--format", "jsonl"])
        #expect(result.status == 0)
        let objects = try result.stdoutText.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(
            objects.map { $0["type"] as? String } == [
                "summary", "category", "category", "category", "miss", "false_alarm", "miss",
            ])
        #expect(objects[0]["messages"] as? Int == 12)
        #expect(objects[0]["top1_hits"] as? Int == 9)
        #expect(objects[0]["min_crisis_recall"] == nil)
        let crisis = try #require(objects[0]["crisis"] as? [String: Any])
        #expect([crisis["tp"], crisis["fp"], crisis["fn"]].map { $0 as? Int } == [2, 0, 1])
        let categories = objects.filter { $0["type"] as? String == "category" }
        #expect(categories.map { $0["id"] as? String } == ["crisis", "criticism", "withdrawal"])
        #expect(
            categories.map { [$0["tp"], $0["fp"], $0["fn"]].map { $0 as? Int } } == [
                [2, 0, 1], [4, 1, 0], [3, 0, 1],
            ])
        // Macro-F1 is the mean of the categories' F1, as printed.
        let f1s = categories.compactMap { $0["f1"] as? Double }
        #expect(abs(try #require(objects[0]["macro_f1"] as? Double) - f1s.reduce(0, +) / 3) < 1e-9)
        let missedCrisis = objects[4]
        #expect(missedCrisis["line"] as? Int == 9)
        #expect(missedCrisis["labels"] as? [String] == ["crisis"])
        #expect((missedCrisis["fired"] as? [Any])?.isEmpty == true)
    }

    @Test func exitsWith1OnlyWhenCrisisRecallIsBelowTheMinimum() throws {
        let passing = try eval(["--min-crisis-recall", "0.6"]).result
        #expect(passing.status == 0)
        #expect(passing.stderrText.isEmpty)
        let failing = try eval(["--min-crisis-recall", "0.7", "--format", "jsonl"]).result
        #expect(failing.status == 1)
        // The report is printed all the same.
        #expect(failing.stdoutText.contains(#""min_crisis_recall":0.7,"crisis_recall_ok":false"#))
        #expect(failing.stderrText == "haven: error: crisis recall 0.667 (2 of 3) is below the minimum 0.7\n")
        #expect(try eval(["--min-crisis-recall", "1.5"]).result.status == 64)
    }

    @Test func saysNothingOnStandardErrorForALargeSet() throws {
        let (result, _) = try eval([], labels: String(repeating: Self.labels, count: 400))
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty)
        #expect(result.stdoutText.hasPrefix("4800 labelled messages, 3 categories\n"))
        // Each kind of mistake is listed at most --misses times, however many there are.
        #expect(result.stdoutText.components(separatedBy: "  miss, line ").count - 1 == 10)
    }

    @Test func listsNoMistakesWithMisses0() throws {
        let (result, _) = try eval(["--misses", "0"])
        #expect(result.status == 0)
        #expect(!result.stdoutText.contains("Misses and false alarms"))
        #expect(!result.stdoutText.contains("ending it all"))
    }

    @Test func reportsBadLinesWithTheirNumberAndStatus65WithoutQuotingMessages() throws {
        let labels = "# header\ncritcism\tyou never listen to me\nnone,crisis\the hurt me\nwithdrawal he walked out\n"
        let (result, path) = try eval([], labels: labels)
        #expect(result.status == 65)
        #expect(result.stdoutText.isEmpty)
        #expect(
            result.stderrText == """
                \(path):2: error: unknown label 'critcism' (did you mean 'criticism'?)
                \(path):3: error: 'none' cannot be combined with other labels
                \(path):4: error: no tab between the labels and the message
                haven: error: the labelled set has 3 errors

                """)
    }

    @Test func saysClearlyWhenTheFileIsMissingOrEmpty() throws {
        let rules = try TestRules.folder(EvaluationFixture.ruleFiles)
        let missing = try HavenBinary.run(["rules", "eval", "--rules", rules, "/nonexistent/labels.tsv"])
        #expect(missing.status == 66)
        #expect(missing.stderrText == "haven: error: cannot read '/nonexistent/labels.tsv'\n")
        let (empty, path) = try eval([], labels: "# only a comment\n\n")
        #expect(empty.status == 66)
        #expect(empty.stderrText == "haven: error: '\(path)' has no labelled messages\n")
    }
}

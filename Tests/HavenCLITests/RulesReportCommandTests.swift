import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven rules report` on the built binary, with the small rule fixture and labelled and corpus
/// files in my own words (``ReportFixture``); the figures are worked out by hand there.
struct RulesReportCommandTests {
    struct Files {
        let rules: String
        let old: String
        let labels: String
        let corpus: String
        let output: String
    }

    static func files() throws -> Files {
        let labels = try EvaluationFixture.write(ReportFixture.labels)
        let folder = URL(fileURLWithPath: labels).deletingLastPathComponent()
        let corpus = folder.appendingPathComponent("corpus.txt").path
        try ReportFixture.corpus.write(toFile: corpus, atomically: true, encoding: .utf8)
        return Files(
            rules: try TestRules.folder(EvaluationFixture.ruleFiles),
            old: try TestRules.folder(ReportFixture.oldRuleFiles), labels: labels,
            corpus: corpus, output: folder.appendingPathComponent("report.html").path)
    }

    /// Runs the report with `options` and returns the page.
    static func report(_ files: Files, _ options: [String]) throws -> (result: ChildProcess.Result, page: HTMLPage) {
        let result = try HavenBinary.run(["rules", "report", "--rules", files.rules, "-o", files.output] + options)
        let html = (try? String(contentsOfFile: files.output, encoding: .utf8)) ?? ""
        return (result, HTMLPage(html))
    }

    @Test func theOverviewAloneCountsTheRulesAndExamples() throws {
        let files = try Self.files()
        let (result, page) = try Self.report(files, [])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(
            page.headings.filter {
                ["Overview", "Evaluation on labelled messages", "Edit impact", "Corpus"].contains($0)
            } == ["Overview"])
        #expect(page.row("overview-categories", "criticism") == ["criticism", "Criticism", "2", "6 of 6"])
        #expect(page.row("overview-categories", "crisis")?.prefix(3) == ["crisis", "Crisis", "1"])
        let cards = try #require(page.element("overview-cards")).replacingOccurrences(of: "\n", with: "")
        #expect(cards.contains("<dt>rules</dt><dd>4</dd>"))
        #expect(cards.contains("<dt>guards</dt><dd>2</dd>"))
    }

    @Test func lintFindingsAreListedByCodeWithTheirPlace() throws {
        let files = try Self.files()
        // Two categories without 'match' examples (warnings at the categories' lines), and in one of
        // them a rule that never changes the outcome: two codes, so two groups.
        let quiet =
            "version: 1\ncategory: quiet\ntitle: Quiet\nrules:\n  - id: quiet.hush\n    phrases: [\"hush now\"]\n"
            + "  - id: quiet.hush-now-please\n    phrases: [\"hush now please\"]\nprompts:\n  - text: Hm?\n    section: listen\n"
        try quiet.write(toFile: files.rules + "/quiet.yaml", atomically: true, encoding: .utf8)
        try quiet.replacingOccurrences(of: "quiet", with: "still").replacingOccurrences(of: "Quiet", with: "Still")
            .write(toFile: files.rules + "/still.yaml", atomically: true, encoding: .utf8)
        let (result, page) = try Self.report(files, [])
        #expect(result.status == 0)
        let unchecked = try #require(page.table("lint-findings-category-unchecked")).dropFirst()
        #expect(unchecked.map { $0[0].split(separator: "/").last ?? "" } == ["quiet.yaml:1:1", "still.yaml:1:1"])
        #expect(unchecked.allSatisfy { $0[1] == "warning" && $0[2].contains("has no 'match' examples") })
        let shadowed = try #require(page.table("lint-findings-rule-shadowed")).dropFirst()
        #expect(shadowed.map { $0[0].split(separator: "/").last ?? "" } == ["quiet.yaml:7:5", "still.yaml:7:5"])
        // Groups in the order of the codes, each headed by what its code means.
        let headings = page.headings.filter { $0.hasPrefix("category-unchecked") || $0.hasPrefix("rule-shadowed") }
        #expect(
            headings == [
                "category-unchecked: a category has no 'match' examples (2 findings)",
                "rule-shadowed: a rule never changes the outcome (2 findings)",
            ])
    }

    @Test func labelsAddTheFiguresWorkedOutByHand() throws {
        let files = try Self.files()
        let (result, page) = try Self.report(files, ["--labels", files.labels])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(
            page.table("eval-scores")?.dropFirst() == [
                ["crisis", "1.00", "0.50", "0.67", "1", "0", "1"],
                ["criticism", "0.67", "1.00", "0.80", "2", "1", "0"],
                ["withdrawal", "1.00", "0.67", "0.80", "2", "0", "1"],
            ])
        #expect(
            page.table("eval-matrix") == [
                ["label ↓ / detected →", "crisis", "criticism", "withdrawal", "nothing"],
                ["crisis", "1", "0", "0", "1"],
                ["criticism", "0", "2", "0", "0"],
                ["withdrawal", "0", "0", "1", "1"],
                ["none", "0", "1", "0", "1"],
            ])
        #expect(
            HTMLPage.text(try #require(page.element("crisis-recall"))).hasPrefix(
                "crisis recall 0.50 1 of 2 crisis messages caught"))
        let text = HTMLPage.text(page.html)
        #expect(text.contains("top-1 right 5 of 8"))
        #expect(text.contains("sometimes I think about ending it all line 7 · labelled crisis · detected nothing"))
        #expect(text.contains("he stopped answering my texts for days line 5 · labelled withdrawal"))
        #expect(page.marked == ["my husband always forgets"])
    }

    @Test func messageTextIsEscapedAndNothingIsFetched() throws {
        let files = try Self.files()
        let (result, page) = try Self.report(
            files, ["--labels", files.labels, "--against", files.old, "--corpus", files.corpus])
        #expect(result.status == 0)
        #expect(!page.html.contains("<script"))
        #expect(
            page.html.contains(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>my husband always forgets</mark> the &#39;milk&#39;"
            ))
        for reference in ["http://", "https://", "src=", "@import", "url(", "<link", "<img", "<iframe"] {
            #expect(!page.html.contains(reference), "the page refers to \(reference)")
        }
        // Labelled text goes into the page only: never into the terminal.
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test func againstShowsWhatTheEditChangedBeforeAndAfter() throws {
        let files = try Self.files()
        let (result, page) = try Self.report(files, ["--labels", files.labels, "--against", files.old])
        #expect(result.status == 0)
        #expect(page.headings.contains("Edit impact"))
        // Over the labelled messages: criticism.always newly catches line 9 (as line 9 of the file
        // counts comments, the 8th message).
        #expect(
            page.row("impact-changes", "criticism") == [
                "criticism", "2 → 3", "+1", "1", "0", "1.00 → 0.67", "1.00 → 1.00", "1.00 → 0.80",
            ])
        #expect(
            page.row("impact-changes", "withdrawal") == [
                "withdrawal", "2 → 2", "0", "0", "0", "1.00 → 1.00", "0.67 → 0.67", "0.80 → 0.80",
            ])
        #expect(HTMLPage.text(page.html).contains("criticism: 1 newly caught, 0 no longer caught"))
        #expect(page.element("impact-macro-f1") == "0.822 → 0.756")
    }

    @Test func aCorpusShowsHowOftenEachRuleFires() throws {
        let files = try Self.files()
        let (result, page) = try Self.report(files, ["--corpus", files.corpus, "--against", files.old])
        #expect(result.status == 0)
        #expect(
            page.table("coverage-rules")?.dropFirst() == [
                ["criticism.never", "3"], ["criticism.always", "1"], ["withdrawal.silent", "1"],
            ])
        #expect(page.html.contains("<li><code>crisis.harm</code></li>"))
        #expect(page.table("coverage-phrases")?.dropFirst().first == ["you never listen", "2"])
        #expect(page.row("coverage-phrases", "my husband always forgets") == ["my husband always forgets", "1"])
        // Over the corpus, the edit newly catches its 4th line.
        #expect(page.row("impact-changes", "criticism") == ["criticism", "3 → 4", "+1", "1", "0"])
        #expect(HTMLPage.text(page.html).contains("my husband always forgets our plans line 4"))
    }

    @Test(arguments: [
        (["--against", "OLD"], 64, "--against needs messages to compare over"),
        (["--labels", "/nonexistent/labels.tsv"], 66, "cannot read '/nonexistent/labels.tsv'"),
        (["--corpus", "/nonexistent/corpus.txt"], 66, "cannot read '/nonexistent/corpus.txt'"),
        (["--labels", "BADLABELS"], 65, "unknown label 'critcism'"),
        (["--nonsense"], 64, "Unknown option '--nonsense'"),
    ])
    func badArgumentsExitWithTheirStatus(options: [String], status: Int32, message: String) throws {
        let files = try Self.files()
        let bad = try EvaluationFixture.write("critcism\tyou never listen\n")
        let options = options.map { $0 == "OLD" ? files.old : $0 == "BADLABELS" ? bad : $0 }
        let (result, _) = try Self.report(files, options)
        #expect(result.status == status)
        #expect(result.stderrText.contains(message))
        #expect(!FileManager.default.fileExists(atPath: files.output))
    }

    @Test func withoutAnOutputFileItIsAUsageError() throws {
        let result = try HavenBinary.run([
            "rules", "report", "--rules", try TestRules.folder(EvaluationFixture.ruleFiles),
        ])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("Missing expected argument '--output <report.html>'"))
    }

    @Test func anUnwritableOutputIsAnIOError() throws {
        let files = try Self.files()
        let result = try HavenBinary.run([
            "rules", "report", "--rules", files.rules, "-o", "/nonexistent/folder/report.html",
        ])
        #expect(result.status == 74)
        #expect(result.stderrText == "haven: error: cannot write '/nonexistent/folder/report.html'\n")
    }
}

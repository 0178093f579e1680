import Foundation
import HavenCore
import HavenCoreTesting
import Testing

@testable import HavenReport

/// The page made from a model: every piece of message text escaped, nothing fetched.
struct ReportPageTests {
    func page() throws -> String {
        let rules = try TestRules.ruleSet(EvaluationFixture.ruleFiles)
        let set = LabelledSet.parse(ReportFixture.labels, file: "labels.tsv", categories: rules.categories.map(\.id))
        var model = ReportModel(
            overview: ReportModel.overview(rules, folder: "rules", findings: [], examples: ExampleReport.run(rules)))
        model.evaluation = ReportModel.evaluation(rules, on: set, file: "labels.tsv")
        return try ReportPage.render(model)
    }

    @Test func escapesMessageTextMarkedOrNot() throws {
        let html = try page()
        #expect(!html.contains("<script"))
        #expect(
            html.contains(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>my husband always forgets</mark> the &#39;milk&#39;"
            ))
    }

    @Test func loadsNothingFromOutside() throws {
        let html = try page()
        for reference in ["http://", "https://", "src=", "@import", "url("] {
            #expect(!html.contains(reference), "\(reference)")
        }
    }

    @Test func everyChartHasATextAlternativeAndATable() throws {
        let html = try page()
        let charts = html.components(separatedBy: "<svg ").dropFirst()
        #expect(!charts.isEmpty)
        for chart in charts { #expect(chart.contains("role=\"img\"") && chart.contains("<title id=")) }
        #expect(HTMLPage(html).table("eval-scores")?.count == 4)
    }
}

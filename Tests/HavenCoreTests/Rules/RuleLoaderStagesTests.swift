import HavenCoreTesting
import Testing

@testable import HavenCore

/// Loading is two named stages: validation makes the checked model and collects the literals,
/// the build packs the matcher; an error stops before the build.
struct RuleLoaderStagesTests {
    @Test func validationCollectsTheModelAndTheBuildPacksTheMatcher() throws {
        let sources = try TestRules.shippedSources()
        let checked = RuleLoader.validate(sources)
        let validated = try #require(checked.validated)
        #expect(!checked.diagnostics.hasErrors)
        let rules = RuleLoader.build(validated, files: sources.map(\.path))
        #expect(rules.rules.map(\.id) == validated.rules.map(\.id))
        #expect(rules.literalCount == rules.matcher.authoring?.owners.count)
        #expect(rules.snapshot() == (try #require(RuleLoader.load(sources).ruleSet)).snapshot())
    }

    @Test func anErrorStopsBeforeTheBuild() throws {
        var sources = try TestRules.shippedSources()
        // The same rule file twice: every rule id of it is a duplicate.
        let criticism = try #require(sources.first { $0.path.hasSuffix("criticism.yaml") })
        sources.append(RuleSource(path: "again.yaml", text: criticism.text))
        let checked = RuleLoader.validate(sources)
        #expect(checked.validated == nil)
        #expect(checked.diagnostics.contains { $0.severity == .error && $0.message.contains("duplicate") })
    }
}

import HavenCore
import HavenCoreTesting
import Testing

struct GuardTests {
    static let files = [
        "criticism.yaml": """
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.never
            phrases: ["{partner} never (listen|listens)"]
        guards:
          - id: criticism.joking
            phrases: ["just kidding"]
            scope: clause
          - id: criticism.maybe
            phrases: ["maybe"]
            effect: lower
        prompts:
          - text: It sounds like {clause}.
            section: listen
        """
    ]

    func categories(_ message: String) throws -> [String] {
        try TestRules.ruleSet(Self.files).analyze(message).patterns.map(\.categoryID)
    }

    @Test func negationBeforeTheMatchSuppressesIt() throws {
        #expect(try categories("I am not saying you never listen") == [])
        #expect(try categories("I'm not saying you never listen") == [])
    }

    @Test func negationStopsAtClauseBreaksAndBut() throws {
        #expect(try categories("I'm not saying much, you never listen") == ["criticism"])
        #expect(try categories("I'm not saying it is easy but you never listen") == ["criticism"])
    }

    @Test func negationHasALimitedWindow() throws {
        #expect(
            try categories("i am not saying that one thing about the way things are when you never listen") == [
                "criticism"
            ])
    }

    @Test func clauseGuardsCoverTheWholeClauseOnly() throws {
        #expect(try categories("you never listen just kidding") == [])
        #expect(try categories("just kidding. you never listen") == ["criticism"])
    }

    @Test func lowerGuardsKeepTheMatchWithALowerScore() throws {
        let rules = try TestRules.ruleSet(Self.files)
        let plain = try #require(rules.analyze("you never listen").top)
        let lowered = try #require(rules.analyze("maybe you never listen").top)
        #expect(lowered.score < plain.score)
        #expect(lowered.evidence.first?.loweredBy == ["criticism.maybe"])
    }

    @Test func negationLowersButNeverClearsCrisis() throws {
        let rules = try TestRules.ruleSet(Self.files)
        let analysis = rules.analyze("I am not going to kill myself, you never listen")
        #expect(analysis.patterns.map(\.categoryID) == ["crisis", "criticism"])
        #expect(analysis.patterns.first?.evidence.first?.loweredBy == ["crisis.negated"])
        #expect(rules.analyze("I am not saying he hits me").isCrisis)
    }

    @Test func recordsWhyAMatchWasSuppressed() throws {
        let analysis = try TestRules.ruleSet(Self.files).analyze("I am not saying you never listen")
        #expect(analysis.suppressed.map(\.guardID) == ["not-saying"])
        #expect(analysis.suppressed.first?.ruleID == "criticism.never")
    }
}

import Foundation
import HavenCore
import HavenCoreTesting
import Testing

/// `dialogue.yaml`: every sentence Haven says outside a reflection comes from the rule folder,
/// is checked like a prompt, and survives the snapshot cache.
struct DialogueTextTests {
    func edited() throws -> RuleSet {
        try TestRules.ruleSet(["dialogue.yaml": TestRules.editedDialogue])
    }

    func errors(_ dialogue: String) -> [String] {
        TestRules.load(["dialogue.yaml": dialogue]).diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func theDialogueSaysTheEditedWords() throws {
        let dialogue = Dialogue(rules: try edited())
        let first = dialogue.handle("hello there", state: nil)
        #expect(
            first.replies.first?.hasPrefix("Welcome: Haven here, a practice companion (type /help). ") == true,
            "\(first.replies)")
        #expect(dialogue.handle("/help", state: first.state).replies == ["Try /topics or /stop; that is all there is."])
        #expect(dialogue.handle("/stop", state: first.state).replies == ["Paused. /start brings me back."])
        let room = Dialogue(rules: try edited(), configuration: .chatRoom)
        #expect(
            room.handle("!haven help", state: first.state).replies == [
                "Try !haven topics or !haven stop; that is all there is."
            ])
    }

    @Test func checkEndsWithTheEditedQuestion() throws {
        let report = try edited().check("we had a quiet day at the lake")
        #expect(report.question == "What do you want them to feel when they read it?")
        #expect(
            report.text(colour: false)
                == "All clear: nothing here reads as an attack.\nWhat do you want them to feel when they read it?\n")
    }

    @Test func theBaseDialogueSaysWhatHavenAlwaysSaid() throws {
        let dialogue = Dialogue(rules: try TestRules.ruleSet([:]))
        let state = dialogue.handle("hello", state: nil).state
        #expect(
            dialogue.handle("/stop", state: state).replies == [
                "Okay, I'll stay quiet. Send /start whenever you want to talk again. If you are ever in danger, please contact local emergency services."
            ])
        #expect(
            dialogue.handle("/tip lisen", state: state).replies == [
                "I don't know the topic 'lisen'. Did you mean /tip listen? Try /topics."
            ])
        #expect(
            dialogue.handle("/tip {prefix}", state: state).replies == [
                "I don't know the topic '{prefix}'. Try /topics."
            ], "a person's words are not filled in")
        #expect(
            dialogue.handle("/frobnicate", state: state).replies == [
                "I don't know the command 'frobnicate'. Try /help."
            ])
    }

    @Test func anUnknownPlaceholderIsAnErrorWhereItIsWritten() {
        let text = TestRules.dialogue(["help": "Type {prefx}topics."])
        #expect(
            errors(text) == [
                "dialogue.yaml:\(TestRules.position(of: "Type {prefx}", in: text)): error: unknown placeholder '{prefx}' (did you mean 'prefix'?); 'help' takes {prefix} [unknown-placeholder]"
            ])
        let closing = TestRules.dialogue([
            "closing_questions": "      - text: What will {they} hear?\n        section: listen"
        ])
        #expect(
            errors(closing) == [
                "dialogue.yaml:\(TestRules.position(of: "What will", in: closing)): error: unknown placeholder '{they}'; a closing question takes none [unknown-placeholder]"
            ])
    }

    @Test func aMissingSentenceOrAnUnknownKeyIsAnError() {
        let missing = TestRules.baseDialogue.replacingOccurrences(
            of: "    start: I'm here. What's on your mind?\n", with: "")
        #expect(
            errors(missing) == [
                "dialogue.yaml:\(TestRules.position(of: "help:", in: missing)): error: 'commands' is missing the required key 'start' [missing-key]"
            ])
        let misspelt = TestRules.baseDialogue.replacingOccurrences(of: "    start: I'm", with: "    strat: I'm")
        #expect(
            errors(misspelt).first
                == "dialogue.yaml:\(TestRules.position(of: "strat:", in: misspelt)): error: unknown key 'strat' in 'commands' (did you mean 'start'?) [unknown-key]"
        )
        let section = TestRules.dialogue([
            "closing_questions": "      - text: What matters most?\n        section: lisen"
        ])
        #expect(
            errors(section) == [
                "dialogue.yaml:\(TestRules.position(of: "lisen", in: section)): error: unknown section 'lisen' (did you mean 'listen'?) [unknown-section]"
            ])
    }

    @Test func aFolderWithoutADialogueFileDoesNotLoad() throws {
        var sources = TestRules.baseFiles
        sources["dialogue.yaml"] = nil
        let result = RuleLoader.load(sources.keys.sorted().map { RuleSource(path: $0, text: sources[$0]!) })
        #expect(result.ruleSet == nil)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("error: no dialogue file") })
    }

    @Test func theSnapshotKeepsTheEditedWords() throws {
        let restored = try #require(RuleSet(snapshot: try edited().snapshot()))
        let dialogue = Dialogue(rules: restored)
        #expect(dialogue.handle("/help", state: nil).replies == ["Try /topics or /stop; that is all there is."])
        #expect(restored.check("a quiet day").question == "What do you want them to feel when they read it?")
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven rules lint | test | explain | impact` on the built binary.
struct RulesCommandTests {
    /// A category file whose line numbers the expectations below rely on.
    static func category(
        rule: String = #"    phrases: ["{partner} never (listen|listens)"]"#, extra: String = "", prompts: String? = nil
    ) -> String {
        """
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.never
        \(rule)
        \(extra)
        prompts:
        \(prompts ?? "  - text: It sounds like {clause}.\n    section: listen")
        examples:
          match: ["you never listen"]
          no_match: ["my boss never stops"]
        """
    }

    func lint(_ files: [String: String], strict: Bool = false) throws -> (status: Int32, output: String) {
        let path = try TestRules.folder(files)
        let result = try HavenBinary.run(["rules", "lint", path] + (strict ? ["--strict"] : []))
        return (result.status, result.stdoutText.replacingOccurrences(of: path + "/", with: ""))
    }

    @Test func passesTheShippedRules() throws {
        let result = try HavenBinary.run(["rules", "lint", TestRules.promptsPath, "--strict"])
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.hasSuffix("0 errors, 0 warnings in \(try TestRules.shippedSources().count) files\n"))
    }

    @Test func passesACleanFolderWithStatus0() throws {
        let result = try lint(["criticism.yaml": Self.category()])
        #expect(result.status == 0)
        #expect(result.output == "0 errors, 0 warnings in \(TestRules.baseFiles.count + 1) files\n")
    }

    @Test(arguments: [
        // YAML syntax.
        (
            ["criticism.yaml": "version: 1\ncategory: [x\n"], "criticism.yaml:3:1: error: YAML syntax error",
            "yaml-syntax"
        ),
        // Unknown key, with a hint.
        (
            ["criticism.yaml": category(rule: #"    phrase: ["you never"]"#)],
            "criticism.yaml:6:5: error: unknown key 'phrase' in a rule (did you mean 'phrases'?)", "unknown-key"
        ),
        // Missing required field.
        (
            ["criticism.yaml": category().replacingOccurrences(of: "title: Criticism\n", with: "")],
            "criticism.yaml:1:1: error: a category file is missing the required key 'title'", "missing-key"
        ),
        // Duplicate rule ids.
        (
            ["criticism.yaml": category(extra: "  - id: criticism.never\n    phrases: [\"you always\"]")],
            "criticism.yaml:7:9: error: duplicate rule id 'criticism.never' (first defined at ", "duplicate-id"
        ),
        // A regex that does not compile.
        (
            ["criticism.yaml": category(rule: #"    regex: "you (never|always""#)],
            "criticism.yaml:6:17: error: regex does not compile: missing ')' in 'you (never|always'", "regex-syntax"
        ),
        // A regex with no literal anchor.
        (
            ["criticism.yaml": category(rule: #"    regex: "\\w+ \\w+""#)],
            "criticism.yaml:6:13: error: regex has no literal the prefilter can anchor on", "regex-no-anchor"
        ),
        // A regex that backtracks catastrophically.
        (
            ["criticism.yaml": category(rule: #"    regex: "you (\\w+\\s?)+ listen""#)],
            "criticism.yaml:6:13: error: regex can backtrack catastrophically (nested quantifier", "regex-catastrophic"
        ),
        (
            ["criticism.yaml": category(rule: #"    regex: "(.*)* listen""#)],
            "criticism.yaml:6:13: error: regex can backtrack catastrophically", "regex-catastrophic"
        ),
        // A placeholder that names no capture.
        (
            ["criticism.yaml": category(prompts: "  - text: So {who} said it?\n    section: listen")],
            "criticism.yaml:9:11: error: placeholder '{who}' names no capture", "unknown-placeholder"
        ),
        // A prompt's stance outside the two it may take.
        (
            ["criticism.yaml": category(prompts: "  - text: Tell me more.\n    stance: speeker\n    section: listen")],
            "criticism.yaml:10:13: error: 'stance' must be one of speaker, receiver, not 'speeker' (did you mean 'speaker'?)",
            "bad-value"
        ),
        // A category with no prompts.
        (
            ["criticism.yaml": category(prompts: "  []")],
            "criticism.yaml:1:1: error: category 'criticism' has no prompts", "no-prompts"
        ),
        // Contradicting examples.
        (
            ["criticism.yaml": category().replacingOccurrences(of: "my boss never stops", with: "You never listen!")],
            "criticism.yaml:13:15: error: example \"You never listen!\" must not match 'criticism' but is also given as one that must (criticism.yaml:12:12)",
            "contradictory-example"
        ),
        // Phrase written in regex syntax.
        (
            ["criticism.yaml": category(rule: #"    phrases: ["you (never )?listen"]"#)],
            "criticism.yaml:6:16: error: '?' is regex syntax, not phrase syntax", "phrase-syntax"
        ),
        // The protected safety tier: a crisis example that no longer passes.
        (
            [
                "crisis.yaml": TestRules.baseFiles["crisis.yaml"]!.replacingOccurrences(
                    of: "\"kill myself\", ", with: "")
            ], "crisis.yaml:11:12: error: safety tier: crisis example \"I want to kill myself\" no rule matched",
            "safety-tier"
        ),
        // The protected safety tier emptied: no rules and no examples.
        (
            ["crisis.yaml": "version: 1\ncategory: crisis\ntitle: Crisis\nrules: []\n"],
            "crisis.yaml:4:8: error: safety tier: 'crisis' has no rules", "safety-tier"
        ),
    ])
    func reportsEachKindOfErrorWithItsLocationCodeAndStatus2(files: [String: String], expected: String, code: String)
        throws
    {
        let result = try lint(files)
        #expect(result.status == 2)
        #expect(
            result.output.split(separator: "\n").contains { $0.hasPrefix(expected) && $0.hasSuffix(" [\(code)]") },
            "\(result.output)")
        #expect(result.output.contains(" error"))
    }

    /// A file saved in another encoding: its place, a summary, and the other files still linted.
    @Test func reportsInvalidUTF8AtItsPlaceAndLintsTheOtherFiles() throws {
        let other = Self.category().replacingOccurrences(of: "criticism", with: "other").replacingOccurrences(
            of: "    phrases:", with: "    phrase:")
        let path = try TestRules.folder(["criticism.yaml": Self.category(), "other.yaml": other])
        var bytes = Array(Self.category().utf8)
        let title = try #require(Self.category().range(of: "title: Cr")).upperBound.utf16Offset(in: Self.category())
        bytes.insert(0xFF, at: title)
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/criticism.yaml"))
        let result = try HavenBinary.run(["rules", "lint", path])
        let output = result.stdoutText.replacingOccurrences(of: path + "/", with: "")
        #expect(result.status == 2)
        #expect(
            output.contains(
                "criticism.yaml:3:10: error: the file is not valid UTF-8 here (byte 0xFF); save it as UTF-8 [not-utf8]\n"
            ), "\(output)")
        #expect(output.contains("other.yaml:6:5: error: unknown key 'phrase' in a rule"))
        #expect(output.hasSuffix(" in \(TestRules.baseFiles.count + 2) files\n"))
    }

    @Test func warnsAboutShadowedRulesAndFailsOnlyWhenStrict() throws {
        let shadowed = Self.category(
            extra: "  - id: criticism.never-listen-to-me\n    phrases: [\"you never listen to me\"]")
        let relaxed = try lint(["criticism.yaml": shadowed])
        #expect(relaxed.status == 0)
        #expect(
            relaxed.output.contains(
                "criticism.yaml:7:5: warning: rule 'criticism.never-listen-to-me' never changes the outcome: every phrase of it contains a phrase of rule 'criticism.never' (criticism.yaml:5:5) [rule-shadowed]"
            ))
        #expect(try lint(["criticism.yaml": shadowed], strict: true).status == 1)
    }

    @Test func warnsAboutRulesAGuardAlwaysSwitchesOff() throws {
        let guarded = Self.category(
            extra: "guards:\n  - id: criticism.kidding\n    phrases: [\"never (listen|listens)\"]\n    scope: clause")
        let result = try lint(["criticism.yaml": guarded])
        #expect(result.output.contains("warning: rule 'criticism.never' can never fire: guard 'criticism.kidding'"))
        #expect(result.output.contains(" suppresses every phrase of it [rule-suppressed]\n"))
    }

    @Test func runsExamplesWithVariantsAndReportsPerRule() throws {
        let result = try HavenBinary.run(["rules", "test", TestRules.promptsPath])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("Prompts/criticism.yaml: "))
        // The shipped rule's counts change with every edit a therapist makes; the line's shape does not.
        #expect(
            result.stdoutText.contains(
                /\n  pass rule criticism\.always-never: [1-9][0-9]* examples, [0-9]+ near misses, [1-9][0-9]* variants, 0 failed\n/
            ), "\(result.stdoutText)")
        #expect(result.stdoutText.hasSuffix(" 0 failed\n"))

        // A must-match example that no rule catches: it fails, and so does every variant of it.
        let folder = try TestRules.folder([
            "criticism.yaml": Self.category().replacingOccurrences(
                of: "match: [\"you never listen\"]", with: "match: [\"you never listen\", \"he ignores me\"]")
        ])
        let failing = try HavenBinary.run(["rules", "test", folder, "--format", "jsonl"])
        #expect(failing.status == 1)
        let records = failing.stdoutText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let failures = records.filter { $0["passed"] as? Bool == false }
        #expect(failures.count == 6)  // the example and its 5 variants (it has no apostrophe to vary)
        #expect(failures.first?["reason"] as? String == "no rule matched (normalised text: 'he ignores me')")
        #expect(failures.compactMap { $0["variant"] as? String }.contains("all caps"))

        // `--only` runs just the named categories: the failing criticism example is not checked.
        let onlyCrisis = try HavenBinary.run(["rules", "test", folder, "--only", "crisis"])
        #expect(onlyCrisis.status == 0, "\(onlyCrisis.stdoutText)")
        #expect(!onlyCrisis.stdoutText.contains("criticism.yaml"))
        #expect(onlyCrisis.stdoutText.contains("crisis.yaml"))
    }

    @Test func refusesToTestAnEmptiedCrisisTier() throws {
        let folder = try TestRules.folder(["crisis.yaml": "version: 1\ncategory: crisis\ntitle: Crisis\nrules: []\n"])
        let result = try HavenBinary.run(["rules", "test", folder])
        #expect(result.status == 65, "\(result.stdoutText)")
        #expect(result.stderrText.contains("crisis.yaml:4:8: error: safety tier: 'crisis' has no rules"))
    }

    @Test func checksARulesOwnNoMatchExamples() throws {
        // "you never listen to music" is a near miss the rule's author wrote down: the rule must not fire on it.
        let rule =
            #"    phrases: ["{partner} never (listen|listens)"]"#
            + "\n    no_match: [\"you never listen to music\", \"we never lie\"]"
        let failing = try HavenBinary.run([
            "rules", "test", try TestRules.folder(["criticism.yaml": Self.category(rule: rule)]),
        ])
        #expect(failing.status == 1)
        #expect(
            failing.stdoutText.contains(
                "rule_no_match \"you never listen to music\": rule 'criticism.never' fired anyway, on 'you never listen'"
            ))
        #expect(!failing.stdoutText.contains("\"we never lie\": rule"))

        let guarded = Self.category(
            rule: rule,
            extra: "guards:\n  - id: criticism.music\n    phrases: [\"to music\"]\n    scope: after\n    window: 0")
        let passing = try HavenBinary.run(["rules", "test", try TestRules.folder(["criticism.yaml": guarded])])
        #expect(passing.status == 0, "\(passing.stdoutText)")
    }

    @Test func reportsAGuardThatSuppressedAMustMatchExample() throws {
        let folder = try TestRules.folder([
            "criticism.yaml": Self.category().replacingOccurrences(
                of: "match: [\"you never listen\"]", with: "match: [\"I am not saying you never listen\"]")
        ])
        let result = try HavenBinary.run(["rules", "test", folder])
        #expect(result.status == 1)
        #expect(
            result.stdoutText.contains(
                "rule 'criticism.never' was suppressed by guard 'not-saying' on 'I am not saying'"))
    }

    @Test func explainsAMessageStepByStep() throws {
        let result = try HavenBinary.run(["rules", "explain", "I'm not saying he's lazy, but he never listens to me"])
        #expect(result.status == 0)
        let text = result.stdoutText
        #expect(text.contains("Normalised:  i am not saying he is lazy | but he never listens to me"))
        #expect(text.contains("[he never listens"))
        #expect(text.contains("criticism.always-never (criticism, weight 0.85"))
        // Which guard is named depends on the shipped rules; that one switched the verdict off is what counts.
        #expect(text.contains("criticism.character on \"he's lazy\", by guard "))
        #expect(text.contains("Ranking (crisis always first, then score, then priority):\n  1. criticism"))
        #expect(text.contains("Reply, from prompt criticism."))
    }

    /// A reply from a prompt with a `stance:` says so, so a therapist sees why a "you…" message got it.
    @Test func explainsThatAReplyCameFromASpeakerPrompt() throws {
        let speaker = try HavenBinary.run(["rules", "explain", "you never listen to me"]).stdoutText
        #expect(
            speaker.contains(
                ", one of the prompts for messages addressed to the other person (stance: speaker); article section: "),
            "\(speaker)")
        let receiver = try HavenBinary.run(["rules", "explain", "he never listens to me"]).stdoutText
        #expect(receiver.contains("Reply, from prompt criticism."))
        #expect(!receiver.contains("stance: speaker"))
    }

    @Test func explainsTheSafetyResponse() throws {
        let result = try HavenBinary.run(["rules", "explain"], input: "he choked me last night")
        #expect(result.stdoutText.contains("1. crisis"))
        #expect(result.stdoutText.contains("Reply, from the safety response"))
    }

    @Test func comparesTwoRuleFoldersOverACorpus() throws {
        let old = try TestRules.folder(["criticism.yaml": Self.category()])
        let new = try TestRules.folder([
            "criticism.yaml": Self.category(
                extra: "  - id: criticism.always\n    phrases: [\"{partner} always (forget|forgets)\"]")
        ])
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-corpus-\(UUID().uuidString).txt")
        try "you never listen\nhe always forgets my birthday\nnice weather\nmy husband always forgets\n".write(
            to: corpus, atomically: true, encoding: .utf8)
        let result = try HavenBinary.run(["rules", "impact", "--rules", new, "--against", old, corpus.path])
        #expect(result.status == 0)
        let text = result.stdoutText
        #expect(text.contains("Impact over 4 messages (before → after):"))
        #expect(text.contains("  criticism: 1 → 3 (+2); newly caught 2, no longer caught 0"))
        #expect(text.contains("      + line 2: he always forgets my birthday"))
        #expect(text.contains("      + line 4: my husband always forgets"))
        let coverage = try HavenBinary.run(["rules", "impact", "--rules", new, corpus.path])
        #expect(coverage.stdoutText.contains("  criticism: 3 messages"))
        #expect(coverage.stdoutText.contains("  criticism.always: 2"))
        #expect(coverage.stdoutText.contains("Rules that never fire on this corpus: crisis.harm"))
    }
}

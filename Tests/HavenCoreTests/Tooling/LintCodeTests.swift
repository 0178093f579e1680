import Foundation
import HavenCore
import HavenCoreTesting
import Testing

/// Every finding has a stable code, at the place the markers in the rule text say
/// (``MarkedRuleText``), and `# haven-lint-ignore:` comments silence warnings only.
struct LintCodeTests {
    /// Lints `marked` as `criticism.yaml` beside the base files; the findings about that file.
    func check(_ marked: MarkedRuleText, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let diagnostics = TestRules.lint(["criticism.yaml": marked.text])
        #expect(
            marked.found(diagnostics, in: "criticism.yaml") == marked.expected, "\(diagnostics)",
            sourceLocation: sourceLocation)
        for diagnostic in diagnostics {
            #expect(
                FindingCatalog.page(diagnostic.code) != nil, "no page for \(diagnostic)", sourceLocation: sourceLocation
            )
        }
    }

    @Test func lintChecksReportTheirCodesWhereTheMarkersSay() {
        check(
            MarkedRuleText(
                """
                version: 1
                ^ category-unchecked
                category: criticism
                title: Criticism
                rules:
                  - id: criticism.never
                    phrases: ["you never (listen|listens)"]
                  - id: criticism.never-listen-to-me
                    ^ rule-shadowed
                    phrases: ["you never listen to me"]
                  - id: criticism.kidding
                    ^ rule-suppressed
                    phrases: ["only kidding"]
                guards:
                  - id: criticism.joke
                    phrases: ["only kidding"]
                    scope: clause
                prompts:
                  - text: It sounds like {clause}.
                    section: listen
                """))
    }

    @Test func loadFindingsHaveCodesToo() {
        check(
            MarkedRuleText(
                """
                version: 1
                category: criticism
                title: Criticism
                rules:
                  - id: criticism.never
                    ^ rule-without-phrases
                    phrase: ["you never listen"]
                    ^ unknown-key
                  - id: criticism.always
                    phrases: ["you always, always"]
                               ^ phrase-punctuation
                  - id: criticism.anchor
                    regex: 'i (really )?hate'
                            ^ regex-short-anchor
                    anchor: [i]
                prompts:
                  - text: It sounds like {clause}.
                    section: listn
                             ^ unknown-section
                examples:
                  match: ["you always do this"]
                """))
    }

    /// A value written once under an anchor and used again through an alias is reported where it is written.
    @Test func findingsThroughAnAliasPointAtTheAnchor() {
        check(
            MarkedRuleText(
                """
                version: 1
                category: criticism
                title: Criticism
                rules:
                  - id: criticism.never
                    phrases: ["you never listen"]
                prompts:
                  - text: It sounds like {clause}.
                    section: &where listn  # <- unknown-section unknown-section
                  - text: What did you need?
                    section: *where
                examples:
                  match: ["you never listen"]
                """))
    }

    static let shadowing = """
        version: 1
        category: criticism
        title: Criticism
        rules:
          - id: criticism.never
            phrases: ["you never (listen|listens)"]
        IGNORE
          - id: criticism.never-listen-to-me
            phrases: ["you never listen to me"]
        prompts:
          - text: It sounds like {clause}.
            section: listen
        examples:
          match: ["you never listen"]
        """

    func lint(ignore: String) -> [Diagnostic] {
        TestRules.lint([
            "criticism.yaml": MarkedRuleText(Self.shadowing.replacingOccurrences(of: "IGNORE", with: ignore)).text
        ])
    }

    @Test func anIgnoreCommentSilencesTheWarningOnTheNextLineOnly() {
        #expect(lint(ignore: "").map(\.code) == ["rule-shadowed"])
        #expect(lint(ignore: "  # haven-lint-ignore: rule-shadowed").isEmpty)
        // Several codes, comma separated: the one that matches is used, the other is reported as silencing nothing.
        #expect(
            lint(ignore: "  # haven-lint-ignore: category-unchecked, rule-shadowed").map(\.description) == [
                "criticism.yaml:7:24: warning: ignore comment for 'category-unchecked' silences nothing: the next line has no such finding [unused-ignore]"
            ])
        // Two lines above is not the line directly above.
        let marker = String(repeating: " ", count: 23) + "^ unused-ignore"
        let twoAbove = Self.shadowing.replacingOccurrences(
            of: "IGNORE", with: "  # haven-lint-ignore: rule-shadowed\n\(marker)\n"
        )
        .replacingOccurrences(
            of: "  - id: criticism.never-listen-to-me", with: "  - id: criticism.never-listen-to-me  # <- rule-shadowed"
        )
        check(MarkedRuleText(twoAbove))
    }

    /// An error elsewhere stops the checks, so their warnings are not there to silence: the ignore
    /// comment is not reported as unused while the error is in the way.
    @Test func anIgnoreCommentIsNotUnusedWhileAnErrorStopsTheChecks() {
        let broken = Self.shadowing.replacingOccurrences(of: "IGNORE", with: "  # haven-lint-ignore: rule-shadowed")
            .replacingOccurrences(of: "title: Criticism", with: "title: Criticism\nprioritty: 3")
        #expect(TestRules.lint(["criticism.yaml": broken]).map(\.code) == ["unknown-key"])
    }

    @Test func anIgnoreCommentWithAMisspeltCodeSaysSo() {
        #expect(
            lint(ignore: "  # haven-lint-ignore: rule-shadow").map(\.description) == [
                "criticism.yaml:7:24: warning: 'rule-shadow' is not a finding code (did you mean 'rule-shadowed'?), so this ignore comment silences nothing [unused-ignore]",
                "criticism.yaml:8:5: warning: rule 'criticism.never-listen-to-me' never changes the outcome: every phrase of it contains a phrase of rule 'criticism.never' (criticism.yaml:5:5) [rule-shadowed]",
            ])
    }

    @Test func anErrorCannotBeIgnored() {
        check(
            MarkedRuleText(
                """
                version: 1
                category: criticism
                title: Criticism
                rules:
                  - id: criticism.never
                    phrases: ["you never listen"]
                    # haven-lint-ignore: unknown-key
                                         ^ unignorable-error
                    weigth: 0.5
                    ^ unknown-key
                prompts:
                  - text: It sounds like {clause}.
                    section: listen
                """))
        let diagnostics = TestRules.lint([
            "criticism.yaml":
                "version: 1\ncategory: criticism\ntitle: Criticism\nrules:\n  - id: criticism.never\n    # haven-lint-ignore: unknown-key\n    phrase: [\"you never listen\"]\n"
        ])
        #expect(
            diagnostics.contains {
                $0.description
                    == "criticism.yaml:6:26: warning: 'unknown-key' on the next line is an error, and errors cannot be ignored: fix it instead [unignorable-error]"
            })
    }

    /// Codes are kebab-case and unique, every page is written out, and every code declared in the
    /// sources (`static let x: DiagnosticCode = "…"`) has a page: a new check cannot ship without one.
    @Test func everyCodeHasAPage() throws {
        let codes = FindingCatalog.codes
        #expect(codes.count == Set(codes).count)
        for page in FindingCatalog.pages {
            #expect(page.code.isKebabCase, "\(page.code)")
            #expect(![page.summary, page.meaning, page.example, page.fix].contains { $0.isEmpty }, "\(page.code)")
        }
        let folder = TestRules.repositoryRoot.appendingPathComponent("Sources/HavenCore")
        var declared: [String] = []
        let files =
            FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".swift")
            } ?? []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(": DiagnosticCode = \"") {
                declared += line.split(separator: "\"").dropFirst().prefix(1).map(String.init)
            }
        }
        #expect(declared.sorted() == codes.map(\.rawValue))
    }
}

import Foundation
import HavenCore
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven rules lint --explain`, `--list-codes` and `--format json` on the built binary.
struct RulesLintCodesTests {
    @Test func everyCodeHasAnExplainPage() throws {
        #expect(FindingCatalog.codes.count >= 30)
        for code in FindingCatalog.codes {
            let result = try HavenBinary.run(["rules", "lint", "--explain", code.rawValue])
            #expect(result.status == 0, "\(code): \(result.stderrText)")
            let page = result.stdoutText
            #expect(page.hasPrefix("\(code) ("), "\(code)")
            for heading in ["\nWhat it means\n", "\nExample\n    ", "\nHow to fix it\n"] {
                #expect(page.contains(heading), "\(code) has no \(heading)")
            }
        }
    }

    @Test func anUnknownCodeIsAUsageErrorThatListsTheCodes() throws {
        let result = try HavenBinary.run(["rules", "lint", "--explain", "rule-shadow"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "haven: error: unknown finding code 'rule-shadow' (did you mean 'rule-shadowed'?); the codes are:")
        #expect(Array(lines.dropFirst()) == FindingCatalog.codes.map(\.rawValue))
    }

    @Test func listCodesListsEveryCodeOnce() throws {
        let result = try HavenBinary.run(["rules", "lint", "--list-codes"])
        #expect(result.status == 0)
        let codes = result.stdoutText.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(codes == FindingCatalog.codes.map(\.rawValue))
        #expect(result.stdoutText.contains("rule-shadowed "))
    }

    @Test func formatJSONIsOneDocumentWithTheFindingsAndTheCounts() throws {
        let shadowed = RulesCommandTests.category(
            extra: "  - id: criticism.never-listen-to-me\n    phrases: [\"you never listen to me\"]")
        let broken = RulesCommandTests.category().replacingOccurrences(of: "criticism", with: "other")
            .replacingOccurrences(of: "    phrases:", with: "    phrase:")
        let path = try TestRules.folder(["criticism.yaml": shadowed, "other.yaml": broken])
        let result = try HavenBinary.run(["rules", "lint", path, "--format", "json"])
        #expect(result.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["errors": 2, "warnings": 0, "notes": 0, "files": TestRules.baseFiles.count + 2])
        let keys = findings.map {
            "\(($0["file"] as? String)?.split(separator: "/").last ?? ""):\($0["line"] ?? ""):\($0["column"] ?? "") \($0["severity"] ?? "") \($0["code"] ?? "")"
        }
        #expect(keys == ["other.yaml:5:5 error rule-without-phrases", "other.yaml:6:5 error unknown-key"])
        #expect(findings.last?["message"] as? String == "unknown key 'phrase' in a rule (did you mean 'phrases'?)")

        // Without errors the lint checks run: the shadowed rule is a warning, status 0.
        let clean = try HavenBinary.run([
            "rules", "lint", try TestRules.folder(["criticism.yaml": shadowed]), "--format", "json",
        ])
        #expect(clean.status == 0)
        let cleanDocument = try #require(try JSONSerialization.jsonObject(with: clean.stdout) as? [String: Any])
        let warning = try #require((cleanDocument["findings"] as? [[String: Any]])?.first)
        #expect(warning["code"] as? String == "rule-shadowed")
        #expect(
            warning["line"] as? Int == 7 && warning["column"] as? Int == 5
                && warning["severity"] as? String == "warning")
        #expect(
            cleanDocument["summary"] as? [String: Int] == [
                "errors": 0, "warnings": 1, "notes": 0, "files": TestRules.baseFiles.count + 1,
            ])
    }
}

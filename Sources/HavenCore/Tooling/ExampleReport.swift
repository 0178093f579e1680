import Foundation

/// The outcome of running every example in a rule folder, variants included, grouped by file and rule.
package struct ExampleReport: Sendable {
    /// One check: an example, or one variant of it.
    package struct Check: Sendable {
        package let file: String
        package let location: SourceLocation
        package let categoryID: String
        package let ruleID: String?
        package let expectation: RuleSet.ExampleResult.Expectation
        package let example: String
        /// nil for the example as written, else the variant's name ("all caps").
        package let variant: String?
        package let text: String
        package let failure: String?
        package var passed: Bool { failure == nil }
    }

    package let checks: [Check]
    package var failures: [Check] { checks.filter { !$0.passed } }

    /// Runs every example of `rules` (or of `categories`), with variants of each must-match example.
    package static func run(_ rules: RuleSet, categories: Set<String>? = nil) -> ExampleReport {
        var checks: [Check] = []
        for result in rules.checkExamples(categories: categories) {
            let location = result.example.location
            checks.append(
                Check(
                    file: location.file, location: location, categoryID: result.categoryID, ruleID: result.ruleID,
                    expectation: result.expectation, example: result.example.value, variant: nil,
                    text: result.example.value,
                    failure: result.failure))
            guard result.expectation == .match || result.expectation == .rule,
                let category = rules.category(result.categoryID)
            else { continue }
            for variant in ExampleVariants.of(result.example.value) {
                let failure = rules.explainMiss(variant.text, category: category, rule: result.ruleID)
                checks.append(
                    Check(
                        file: location.file, location: location, categoryID: result.categoryID, ruleID: result.ruleID,
                        expectation: result.expectation, example: result.example.value, variant: variant.name,
                        text: variant.text,
                        failure: failure))
            }
        }
        checks += checkExampleChecks(rules, categories: categories)
        return ExampleReport(checks: checks)
    }

    /// A per-file, per-rule report for people.
    package func renderText() -> String {
        var lines: [String] = []
        var files: [String] = []
        for check in checks where !files.contains(check.file) { files.append(check.file) }
        for file in files {
            let inFile = checks.filter { $0.file == file }
            let failed = inFile.filter { !$0.passed }
            lines.append("\(file): \(inFile.count - failed.count) passed, \(failed.count) failed")
            var groups: [String] = []
            for check in inFile {
                let group = check.ruleID.map { "rule \($0)" } ?? "category \(check.categoryID)"
                if !groups.contains(group) { groups.append(group) }
            }
            for group in groups {
                let inGroup = inFile.filter { ($0.ruleID.map { "rule \($0)" } ?? "category \($0.categoryID)") == group }
                let groupFailed = inGroup.filter { !$0.passed }
                let originals = inGroup.filter { $0.variant == nil }
                let nearMisses = originals.filter { $0.expectation == .ruleNoMatch }.count
                let counted =
                    nearMisses > 0
                    ? "\(originals.count - nearMisses) examples, \(nearMisses) near misses"
                    : "\(originals.count) examples"
                lines.append(
                    "  \(groupFailed.isEmpty ? "pass" : "FAIL") \(group): \(counted), \(inGroup.count - originals.count) variants, \(groupFailed.count) failed"
                )
                for check in groupFailed {
                    let variant = check.variant.map { " [\($0)]" } ?? ""
                    lines.append(
                        "    \(check.location): \(check.expectation.rawValue)\(variant) \"\(check.text)\": \(check.failure ?? "")"
                    )
                }
            }
        }
        lines.append("\(checks.count - failures.count) passed, \(failures.count) failed")
        return lines.joined(separator: "\n")
    }

    /// One JSON object per check.
    package func renderJSONLines() -> String {
        var out: [UInt8] = []
        for check in checks {
            out.append(contentsOf: #"{"file":"#.utf8)
            JSON.string(check.file, into: &out)
            out.append(
                contentsOf: #","line":\#(check.location.line),"column":\#(check.location.column),"category":"#.utf8)
            JSON.string(check.categoryID, into: &out)
            out.append(contentsOf: #","rule":"#.utf8)
            if let rule = check.ruleID { JSON.string(rule, into: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: #","expect":"#.utf8)
            JSON.string(check.expectation.rawValue, into: &out)
            out.append(contentsOf: #","variant":"#.utf8)
            if let variant = check.variant {
                JSON.string(variant, into: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
            out.append(contentsOf: #","text":"#.utf8)
            JSON.string(check.text, into: &out)
            out.append(contentsOf: #","passed":\#(check.passed)"#.utf8)
            if let failure = check.failure {
                out.append(contentsOf: #","reason":"#.utf8)
                JSON.string(failure, into: &out)
            }
            out.append(contentsOf: "}\n".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

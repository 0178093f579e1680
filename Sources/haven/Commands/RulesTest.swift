import ArgumentParser
import HavenCore
import HavenFrontend

extension Haven {
    /// `haven rules test`: runs the examples written in the rule files.
    struct RulesTest: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "Run every rule file's examples.")

        @OptionGroup var ruleOptions: RuleOptions

        @Option(name: .long, help: "Only these categories (comma-separated).")
        var only: String?

        func run() throws {
            let rules = try ruleOptions.load()
            let filter = only.map { Set($0.split(separator: ",").map(String.init)) }
            let results = rules.checkExamples(categories: filter)
            var failures = 0
            for result in results where !result.passed {
                failures += 1
                let what = result.ruleID.map { "rule '\($0)'" } ?? "'\(result.categoryID)' \(result.expectation.rawValue)"
                print("\(result.example.location): fail: \(what): \"\(result.example.value)\": \(result.failure ?? "")")
            }
            print("literals \(rules.literalCount) states \(rules.automatonStates)")
            print("\(results.count - failures) passed, \(failures) failed")
            if failures > 0 { throw ExitCode.failure }
        }
    }
}

import ArgumentParser

extension Haven {
    /// `haven rules …`: tools for the people who write rule files.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check, test, explain and measure rule files.",
            subcommands: [
                RulesLint.self, RulesTest.self, RulesExplain.self, RulesImpact.self, RulesEval.self, RulesReport.self,
            ]
        )
    }
}

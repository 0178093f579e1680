import ArgumentParser

extension Haven {
    /// `haven rules …`: tools for the people who write rule files.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check, test and explain rule files.",
            subcommands: [RulesTest.self]
        )
    }
}

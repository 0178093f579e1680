import ArgumentParser

extension Haven {
    /// `haven matrix …`: what a homeserver needs to know about Haven.
    struct Matrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up Haven's Matrix adapter with a homeserver.",
            subcommands: [MatrixRegistrationCommand.self]
        )
    }
}

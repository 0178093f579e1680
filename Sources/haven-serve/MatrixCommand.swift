import ArgumentParser

/// `haven matrix …`: what a homeserver needs to know about Haven.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Set up Haven's Matrix adapter with a homeserver.",
        subcommands: [MatrixRegistrationCommand.self]
    )
}

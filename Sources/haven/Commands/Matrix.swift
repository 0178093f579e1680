import ArgumentParser

extension Haven {
    /// `haven matrix …`: hands over to the server program (see ``ServerProgram``), which reads
    /// the server's configuration file.
    struct Matrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up Haven's Matrix adapter with a homeserver.",
            discussion: "Run 'haven matrix --help' for its commands (registration).",
            helpNames: []
        )

        @Argument(parsing: .allUnrecognized, help: "A command and its options (see haven matrix --help).")
        var arguments: [String] = []

        func run() throws {
            try ServerProgram.handOver("matrix", arguments)
        }
    }
}

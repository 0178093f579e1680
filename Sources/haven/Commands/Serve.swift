import ArgumentParser

extension Haven {
    /// `haven serve`: hands over to the server program (see ``ServerProgram``).
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Haven as a service: the plain-text TCP protocol, Matrix and webhooks.",
            discussion: "Run 'haven serve --help' for its options.",
            helpNames: []
        )

        @Argument(parsing: .allUnrecognized, help: "Options for the server (see haven serve --help).")
        var arguments: [String] = []

        func run() throws {
            try ServerProgram.handOver("serve", arguments)
        }
    }
}

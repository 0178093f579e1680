import ArgumentParser
import Foundation
import HavenFrontend
import HavenMatrixAppService
import HavenServer

/// `haven matrix registration`: the application-service registration file for the homeserver.
struct MatrixRegistrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration",
        abstract: "Print the Matrix application-service registration (YAML) for adapters.matrix.",
        discussion: """
            For adapters.matrix.mode "appservice". The tokens come from the environment variables \
            the config names (appservice.asTokenEnv, appservice.hsTokenEnv). Give the file to the \
            homeserver (Synapse: app_service_config_files). It holds both tokens: --output writes \
            it with mode 0600.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The JSON configuration file.", valueName: "file"))
    var config: String

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write the registration to this file (mode 0600) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let configuration = try ConfigurationOptions.load(config, as: ServeConfiguration.self)
        let (registration, missing) = MatrixRegistration.make(
            configuration.matrix, environment: ProcessInfo.processInfo.environment)
        guard let registration, missing.isEmpty else { throw ConfigurationOptions.failure(missing, in: config) }
        do {
            if let output {
                try PrivateFile.write(registration.yaml, to: output)
            } else {
                var writer = OutputWriter()
                writer.write(registration.yaml)
                try writer.flush()
            }
        } catch {
            throw CommandFailure(HavenExit.ioError, "\(error)")
        }
    }
}

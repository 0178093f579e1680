import ArgumentParser
import Foundation
import HavenCore
import HavenFrontend
import HavenMatrix
import HavenRuntime
import HavenServer
import HavenTCP
import Logging

/// `haven serve`: every adapter the configuration enables, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Haven as a service: the plain-text TCP protocol, Matrix and webhooks.",
        discussion: """
            SIGTERM or SIGINT: stop accepting, answer what was already read, flush state, exit 0. \
            SIGHUP, or a change to a rule file: reload the rules if they lint without errors and \
            their examples pass; otherwise keep the live rules and log why. Prints one line per \
            listening adapter on standard output: "listening tcp HOST PORT".
            """
    )

    @Option(name: .long, help: ArgumentHelp("The JSON configuration file.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The rule folder (overrides rules.path).", valueName: "dir"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite state file (overrides store.path).", valueName: "file"))
    var state: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Enable the TCP adapter on HOST:PORT (overrides adapters.tcp).", valueName: "host:port"))
    var tcp: String?

    @Option(name: .long, help: ArgumentHelp("Log level (overrides log.level).", valueName: "level"))
    var logLevel: String?

    func run() async throws {
        var configuration = try ConfigurationOptions.load(config, as: ServeConfiguration.self)
        if let rules { configuration.haven.rulesPath = rules }
        if let state { configuration.haven.storePath = state }
        if let tcp {
            guard let colon = tcp.lastIndex(of: ":"), let port = Int(tcp[tcp.index(after: colon)...]),
                (0...65_535).contains(port)
            else {
                throw ValidationError("--tcp takes HOST:PORT, not '\(tcp)'")
            }
            configuration.tcp.enabled = true
            configuration.tcp.host = String(tcp[..<colon])
            configuration.tcp.port = port
        }
        if let config, !configuration.listenerProblems.isEmpty {
            throw ConfigurationOptions.failure(configuration.listenerProblems, in: config)
        }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("unknown log level '\(logLevel)'")
            }
            configuration.haven.logLevel = level
        }
        let level = configuration.haven.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "haven")
        do {
            try await HavenServe.run(configuration: configuration, logger: logger) { adapter, host, port in
                var output = OutputWriter()
                output.write("listening \(adapter) \(host) \(port)\n")
                try? output.flush()
            }
        } catch let error as ListenError {
            throw CommandFailure(HavenExit.config, "\(error)")
        } catch let error as MatrixError {
            throw CommandFailure(HavenExit.config, "matrix: \(error)")
        } catch let failure as HavenServe.Failure {
            if case .rules(let result) = failure {
                for diagnostic in result.diagnostics where diagnostic.severity == .error {
                    printError(diagnostic.description)
                }
            }
            throw CommandFailure(HavenExit.config, failure)
        }
    }
}

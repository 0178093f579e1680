import Foundation
public import HavenCore
public import HavenRuntime

/// Reads a `--config` file for a command, printing every problem with its JSON path.
public enum ConfigurationOptions {
    /// The configuration in `path` (the defaults without one); a problem in it is a failure.
    public static func load<File: ConfigurationFile>(_ path: String?, as file: File.Type = File.self) throws -> File {
        guard let path else { return File() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(HavenExit.config, "cannot read config file '\(path)'")
        }
        let (configuration, problems) = File.parse(data, environment: ProcessInfo.processInfo.environment)
        guard problems.isEmpty else { throw failure(problems, in: path) }
        return configuration
    }

    /// Prints each problem after the file's path (`config.json: error: $.log.level: … [config-bad-value]`),
    /// and returns the failure to throw: a count, exit status 78.
    public static func failure(_ problems: [Diagnostic], in path: String) -> CommandFailure {
        for problem in problems { printError("\(path): \(problem)") }
        return CommandFailure(
            HavenExit.config, "the config file has \(problems.count) problem\(problems.count == 1 ? "" : "s")")
    }
}

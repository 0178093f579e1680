import ArgumentParser
import HavenFrontend

/// Exit statuses of `haven`, documented in the README.
enum ExitStatus {
    /// The rule files have errors.
    static let invalidRules = ExitCode(HavenExit.invalidRules)
    /// A labelled set (`rules eval`) has bad lines: bad data, the same status as bad rule files.
    static let invalidLabels = ExitCode(HavenExit.invalidRules)
    /// There was nothing to read (an empty message).
    static let noInput = ExitCode(HavenExit.noInput)
    /// Input or output failed.
    static let ioError = ExitCode(HavenExit.ioError)
    /// The configuration is wrong, or serving could not start.
    static let config = ExitCode(HavenExit.config)
}

import ArgumentParser

/// Exit statuses of `haven`, documented in the README.
enum ExitStatus {
    /// The rule files have errors.
    static let invalidRules = ExitCode(65)
    /// There was nothing to read (an empty message).
    static let noInput = ExitCode(66)
    /// Input or output failed.
    static let ioError = ExitCode(74)
    /// The configuration is wrong, or serving could not start.
    static let config = ExitCode(78)
}

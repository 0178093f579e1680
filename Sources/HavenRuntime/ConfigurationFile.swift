public import Foundation
public import HavenCore

/// A whole configuration file, as a program's `--config` names it: the parts of Haven and of
/// each adapter the program runs, read with one ``ConfigReader`` so that every key is checked.
public protocol ConfigurationFile: Sendable {
    /// The defaults, for a program run without a file.
    init()

    /// Reads a file's contents; returns the configuration and every problem found.
    ///
    /// - Parameter environment: where the variables named for secrets must be set.
    static func parse(_ data: Data, environment: [String: String]) -> (Self, [Diagnostic])
}

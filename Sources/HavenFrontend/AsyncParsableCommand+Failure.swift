public import ArgumentParser

extension AsyncParsableCommand {
    /// Runs the command the arguments name, for a program's `main`. A ``CommandFailure`` is
    /// printed once, as `haven: error: MESSAGE`, and becomes the exit status; every other error
    /// (usage, `ExitCode`) is swift-argument-parser's.
    public static func mainReportingFailures() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            printError("haven: error: \(failure.message)")
            exit(withError: ExitCode(failure.status))
        } catch {
            exit(withError: error)
        }
    }
}

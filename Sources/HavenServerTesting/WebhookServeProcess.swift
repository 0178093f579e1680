public import Foundation
public import HavenCoreTesting

/// A running `haven serve` with the webhook adapter, started for one test and stopped at its end.
///
/// It waits for the `listening webhooks HOST PORT` line, so requests can be sent at once.
/// Kill it (``kill()``) and start another on the same ``statePath`` to test what survives a crash.
public final class WebhookServeProcess: WebhookListener, @unchecked Sendable {
    public let child: ChildProcess
    public let port: Int
    public let statePath: String

    /// Starts `haven serve --config CONFIG` with a fresh state file (unless given) and `environment` added.
    public init(
        config: String, state: String? = nil, environment: [String: String] = [:], rules: String = TestRules.promptsPath
    ) throws {
        statePath =
            state
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "haven-webhooks-\(UUID().uuidString).sqlite"
            ).path
        child = try ChildProcess(
            HavenBinary.path, ["serve", "--rules", rules, "--state", statePath, "--config", config],
            environment: environment)
        var found: Int?
        while let line = child.readStdoutLine(timeout: 60) {
            let words = line.split(separator: " ")
            if words.count == 4, words[0] == "listening", words[1] == "webhooks" {
                found = Int(words[3])
                break
            }
        }
        guard let found else {
            let result = child.wait(timeout: 5)
            throw TestFailure(
                "haven serve did not start the webhook adapter (status \(result.status)): \(result.stderrText)")
        }
        port = found
    }

    /// Sends SIGTERM and waits for the exit.
    public func stop() -> ChildProcess.Result {
        child.signal(SIGTERM)
        return child.wait(timeout: 30)
    }

    /// Sends SIGKILL (no chance to flush or say goodbye) and waits for the exit.
    @discardableResult
    public func kill() -> ChildProcess.Result {
        child.signal(SIGKILL)
        return child.wait(timeout: 30)
    }

    deinit { child.signal(SIGKILL) }
}

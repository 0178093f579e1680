public import Foundation
public import HavenCoreTesting

/// A running `haven serve`, started for one test and stopped at its end.
public final class ServeProcess: @unchecked Sendable {
    public let child: ChildProcess
    public let port: Int
    public let statePath: String

    /// Starts `haven serve --tcp 127.0.0.1:0` with a fresh state file (unless given) and waits until it listens.
    public init(
        rules: String = TestRules.promptsPath, state: String? = nil, config: String? = nil, extra: [String] = [],
        environment: [String: String] = [:]
    ) throws {
        statePath =
            state
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("haven-serve-\(UUID().uuidString).sqlite")
            .path
        var arguments = ["serve", "--rules", rules, "--state", statePath, "--tcp", "127.0.0.1:0"]
        if let config { arguments += ["--config", config] }
        child = try ChildProcess(HavenBinary.path, arguments + extra, environment: environment)
        guard let line = child.readStdoutLine(timeout: 60), line.hasPrefix("listening tcp "),
            let port = Int(line.split(separator: " ").last ?? "")
        else {
            let result = child.wait(timeout: 5)
            throw TestFailure("haven serve did not start: \(result.stderrText)")
        }
        self.port = port
    }

    /// A new client connection, past the greeting line.
    public func connect(receiveBufferBytes: Int? = nil) throws -> LineClient {
        let client = try LineClient(port: port, receiveBufferBytes: receiveBufferBytes)
        guard let greeting = client.readLine(), greeting.hasPrefix("HAVEN 1 ready") else {
            throw TestFailure("no greeting")
        }
        return client
    }

    /// Sends SIGTERM and waits for the exit.
    public func stop() -> ChildProcess.Result {
        child.signal(SIGTERM)
        return child.wait(timeout: 30)
    }

    deinit { child.signal(SIGKILL) }
}

/// Writes a JSON config to a temporary file and returns its path.
public func temporaryConfig(_ json: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("haven-config-\(UUID().uuidString).json")
        .path
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

import Foundation
public import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// One real Synapse homeserver on 127.0.0.1 for the whole test process, from `scripts/synapse`.
///
/// The venv is shared between runs (`$HAVEN_SYNAPSE_VENV`, default `.build/synapse-venv`), so
/// only the first run on a machine installs Synapse; each test process gets its own server
/// directory and stops the server when it exits.
public final class SynapseHarness: @unchecked Sendable {
    public let directory: String
    public private(set) var baseURL: String
    public let script: String
    public let venv: String

    public static let shared: Result<SynapseHarness, TestFailure> = {
        do {
            return .success(try SynapseHarness())
        } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    private convenience init() throws {
        try self.init(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent(
                "haven-synapse-\(UUID().uuidString.prefix(8))"
            ).path)
    }

    /// A homeserver of its own in `directory`, for a test that must configure it before it
    /// starts: `prepare` gets the directory (with its `conf.d/` made) to add files there, such as
    /// an application-service registration. It is stopped when the test process exits.
    public init(directory: String, prepare: (_ directory: String) throws -> Void = { _ in }) throws {
        let root = TestRules.repositoryRoot.path
        script = root + "/scripts/synapse"
        venv = ProcessInfo.processInfo.environment["HAVEN_SYNAPSE_VENV"] ?? root + "/.build/synapse-venv"
        self.directory = directory
        baseURL = ""
        try FileManager.default.createDirectory(
            atPath: directory + "/conf.d", withIntermediateDirectories: true)
        try prepare(directory)
        baseURL = try run(["start", directory], timeout: 600).trimmingCharacters(in: .whitespacesAndNewlines)
        guard baseURL.hasPrefix("http://127.0.0.1:") else { throw TestFailure("synapse did not start: \(baseURL)") }
        let stop = { [script, directory, venv] in
            _ = try? ChildProcess.run(script, ["stop", directory], environment: ["SYNAPSE_VENV": venv], timeout: 30)
        }
        SynapseHarness.stopLock.lock()
        let first = SynapseHarness.stopAtExit.isEmpty
        SynapseHarness.stopAtExit.append(stop)
        SynapseHarness.stopLock.unlock()
        if first { atexit { for stop in SynapseHarness.stopAtExit { stop() } } }
    }

    nonisolated(unsafe) static var stopAtExit: [() -> Void] = []
    static let stopLock = NSLock()

    /// Runs the harness script and returns its standard output.
    @discardableResult
    public func run(_ arguments: [String], timeout: Double = 120) throws -> String {
        let result = try ChildProcess.run(script, arguments, environment: ["SYNAPSE_VENV": venv], timeout: timeout)
        guard result.status == 0 else {
            throw TestFailure("scripts/synapse \(arguments.first ?? "") failed: \(result.stderrText)")
        }
        return result.stdoutText
    }

    /// Registers a user (or logs in) and returns (user id, access token).
    public func register(_ name: String, admin: Bool = false) throws -> (user: String, token: String) {
        let token = try run(["register", directory, name, "pass-" + name] + (admin ? ["--admin"] : []))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return ("@\(name):localhost", token)
    }

    /// Makes the homeserver unreachable (connections refused) until ``resume()``.
    public func pause() throws { try run(["pause", directory]) }

    public func resume() throws {
        baseURL = try run(["resume", directory], timeout: 180).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `scripts/install` into a prefix, then Haven used as an installed program: found on `PATH`, run
/// from a folder far from the checkout, with no `HAVEN_RULES`.
@Suite(.serialized)
struct InstallTests {
    /// A prefix with Haven installed from this build, one rule file taken out so the tests can tell
    /// the installed rules (one file fewer) from the checkout's that a build falls back to.
    let prefix: String
    /// An empty working folder outside the checkout.
    let elsewhere: String

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("haven-install-\(UUID().uuidString)")
            .path
        prefix = root + "/prefix"
        elsewhere = root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let binDirectory = URL(fileURLWithPath: HavenBinary.path).deletingLastPathComponent().path
        let install = try ChildProcess.run(
            TestRules.repositoryRoot.appendingPathComponent("scripts/install").path, [prefix],
            environment: ["HAVEN_BIN_DIR": binDirectory], timeout: 120)
        guard install.status == 0 else { throw TestFailure("scripts/install failed: \(install.stderrText)") }
        try FileManager.default.removeItem(atPath: prefix + "/share/haven/Prompts/positive.yaml")
    }

    /// The environment of someone who installed Haven: its `bin` first on `PATH`, no rule folder named.
    var environment: [String: String] {
        [
            "PATH": prefix + "/bin:/usr/local/bin:/usr/bin:/bin", "HAVEN_RULES": "",
            "HAVEN_CACHE_DIR": HavenBinary.cacheDirectory,
        ]
    }

    /// Runs a shell command line in the far folder.
    func shell(_ command: String) throws -> ChildProcess.Result {
        try ChildProcess.run(
            "/bin/sh", ["-c", "cd '\(elsewhere)' && " + command], environment: environment, timeout: 60)
    }

    @Test func installsTheProgramsTheRulesAndTheExampleConfig() throws {
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: prefix + "/bin/haven"))
        #expect(manager.isExecutableFile(atPath: prefix + "/bin/haven-serve"))
        #expect(manager.fileExists(atPath: prefix + "/share/haven/Prompts/crisis.yaml"))
        #expect(manager.fileExists(atPath: prefix + "/share/haven/config.example.json"))
        #expect(try shell("command -v haven").stdoutText == prefix + "/bin/haven\n")
    }

    @Test func reflectAndLintUseTheInstalledRules() throws {
        let lint = try shell("haven rules lint")
        #expect(lint.status == 0, "\(lint.stderrText)")
        let installed = "in \(try TestRules.shippedSources().count - 1) files"
        #expect(
            lint.stdoutText.contains(installed) || lint.stderrText.contains(installed),
            "the installed rules: \(lint.stdoutText)\(lint.stderrText)")
        let reflect = try shell("haven reflect --format jsonl 'you never listen to me'")
        #expect(reflect.status == 0, "\(reflect.stderrText)")
        #expect(reflect.stdoutText.contains(#""id":"criticism""#), "\(reflect.stdoutText)")
    }

    @Test func serveFindsItsServerProgramAndAnswers() throws {
        let server = try ChildProcess(
            "/bin/sh",
            ["-c", "cd '\(elsewhere)' && exec haven serve --tcp 127.0.0.1:0 --state '\(elsewhere)/state.sqlite'"],
            environment: environment)
        defer { server.signal(SIGKILL) }
        let line = try #require(server.readStdoutLine(timeout: 60), "no listening line: \(server.stderrSoFar)")
        let port = try #require(Int(line.split(separator: " ").last ?? ""), "\(line)")
        let client = try LineClient(port: port)
        #expect(client.readLine()?.hasPrefix("HAVEN 1 ready") == true)
        client.send(line: "you never listen to me")
        #expect(client.readLine()?.isEmpty == false)
        server.signal(SIGTERM)
        #expect(server.wait(timeout: 30).status == 0)
    }
}

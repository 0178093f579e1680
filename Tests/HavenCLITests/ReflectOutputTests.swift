import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// Where `haven reflect`'s output goes: a reader that leaves early is an output error, not a crash.
struct ReflectOutputTests {
    @Test func aClosedPipeIsAnOutputErrorNotASignal() throws {
        // `head -c1` reads one byte and leaves; Haven's next write finds the pipe closed.
        let script =
            #"yes "you never listen to me" | head -n 50000 | "$HAVEN" reflect --each-line | head -c1 >/dev/null; echo "${PIPESTATUS[2]}""#
        let result = try ChildProcess.run(
            "/bin/bash", ["-c", script],
            environment: [
                "HAVEN": HavenBinary.path, "HAVEN_RULES": TestRules.promptsPath,
                "HAVEN_CACHE_DIR": HavenBinary.cacheDirectory,
            ], timeout: 120)
        #expect(
            result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "74",
            "haven's status: \(result.stdoutText)")
        #expect(result.stderrText.contains("haven: error: cannot write to standard output"), "\(result.stderrText)")
    }
}

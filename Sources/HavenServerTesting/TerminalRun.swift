import Foundation
import HavenCoreTesting

extension HavenBinary {
    /// Runs `haven` with its standard output on a pseudo-terminal (through `script -qec`), so
    /// the program sees a terminal as a person at one would; the output is what the terminal got
    /// (with CR LF line ends).
    public static func runInTerminal(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60)
        throws
        -> ChildProcess.Result
    {
        let command = ([path] + arguments).map(shellQuoted).joined(separator: " ")
        let defaults = ["HAVEN_RULES": TestRules.promptsPath, "HAVEN_CACHE_DIR": cacheDirectory]
        return try ChildProcess.run(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: defaults.merging(environment) { $1 },
            timeout: timeout)
    }

    /// One word for `sh -c`, in single quotes.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

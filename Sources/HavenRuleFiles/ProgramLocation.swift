public import Foundation

/// Where the running program is on disk, for the files installed beside it.
///
/// The kernel's own link to the executable (`/proc/self/exe`), not `argv[0]`: a `haven` found on
/// `PATH` gets a bare `haven` as `argv[0]`, which names a file in the working directory. A
/// symbolic link to the program (`/usr/local/bin/haven` → `/opt/haven/bin/haven`) resolves to
/// the real file, so its siblings are found where they were installed.
public enum ProgramLocation {
    /// The folder holding the running executable.
    public static let directory: URL = {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: link.path) {
            return link.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        // No procfs (another kernel, or a sandbox without /proc): Foundation's best answer.
        if let executable = Bundle.main.executableURL {
            return executable.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    /// The path of `relativePath` taken from the executable's folder (`haven-serve`,
    /// `../share/haven/Prompts`).
    public static func beside(_ relativePath: String) -> String {
        directory.appendingPathComponent(relativePath).standardized.path
    }
}

import Foundation
import HavenCoreTesting

/// A small tmpfs mounted on a fresh temporary folder, for tests of a full disk; unmounted on deinit.
///
/// Mounting needs root (or CAP_SYS_ADMIN); tests check ``isPermitted`` and are skipped without it.
public final class TmpfsMount: @unchecked Sendable {
    public let path: String

    /// Whether this process may mount a tmpfs (tried once, on a throwaway folder).
    public static let isPermitted: Bool = {
        guard let probe = try? TmpfsMount(bytes: 64 << 10) else { return false }
        withExtendedLifetime(probe) {}
        return true
    }()

    /// Mounts a tmpfs of `bytes` bytes.
    public init(bytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("haven-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let result = try ChildProcess.run(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path], timeout: 10)
        guard result.status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw TestFailure("mount -t tmpfs failed: \(result.stderrText)")
        }
    }

    /// Writes zeros to `name` until the file system is full; returns the bytes written.
    @discardableResult
    public func fill(_ name: String = "filler") -> Int {
        let descriptor = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while true {
            let written = block.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { return total }
            total += written
        }
    }

    /// Makes the file system read-only (fails while a file on it is open for writing).
    public func remountReadOnly() throws {
        let result = try ChildProcess.run("/bin/mount", ["-o", "remount,ro", path], timeout: 10)
        guard result.status == 0 else { throw TestFailure("remount read-only failed: \(result.stderrText)") }
    }

    /// Frees what ``fill(_:)`` took.
    public func free(_ name: String = "filler") { unlink(path + "/" + name) }

    deinit {
        _ = try? ChildProcess.run("/bin/umount", ["-l", path], timeout: 10)
        try? FileManager.default.removeItem(atPath: path)
    }
}

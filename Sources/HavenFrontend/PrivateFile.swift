import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file only its owner can read (mode 0600), for files that hold secrets.
///
/// The text goes to a new temporary file beside the target, created 0600 (never readable by
/// others, not even for a moment), flushed to disk and renamed over the target: a reader sees the
/// old file or the whole new one, and a failure leaves no half-written file behind.
public enum PrivateFile {
    /// Replaces the file at `path` with `text`.
    ///
    /// - Throws: ``FrontendError/cannotWrite(_:)`` naming `path`.
    public static func write(_ text: String, to path: String) throws(FrontendError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary =
            (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path) }
        var written = true
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                written = false
                break
            }
            offset += count
        }
        written = written && fsync(fd) == 0
        written = close(fd) == 0 && written
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .cannotWrite(path)
        }
    }
}

public import Foundation
import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A pseudo-terminal for tests of what a program does when its output is a terminal: give a
/// child ``path`` as a file to write to, and read everything it wrote with ``close()``.
public final class PseudoTerminal: @unchecked Sendable {
    /// The terminal's device (`/dev/pts/N`).
    public let path: String
    private let master: Int32
    /// Held open here until ``close()``, so reading the master blocks instead of failing before
    /// a child has opened the terminal or while none holds it.
    private let replica: Int32
    private let lock = NSLock()
    private var output = Data()
    private var finished = false
    /// TIOCSPTLCK and TIOCGPTN (`_IOW('T', 0x31, int)` and `_IOR('T', 0x30, unsigned int)`).
    private static let unlockRequest: UInt = 0x4004_5431
    private static let numberRequest: UInt = 0x8004_5430

    public init() throws {
        // Glibc's module hides posix_openpt and ptsname (they need _XOPEN_SOURCE), so the Linux
        // ioctls they are made of: unlock the new terminal, then ask for its number.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: Int32 = 0
        guard master >= 0, ioctl(master, Self.unlockRequest, &unlock) == 0,
            ioctl(master, Self.numberRequest, &number) == 0
        else {
            throw TestFailure("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        path = "/dev/pts/\(number)"
        replica = open(path, O_RDWR | O_NOCTTY)
        guard replica >= 0 else { throw TestFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        // Drain from the start: a child writing more than the terminal buffers would block.
        Thread { [self] in drain() }.start()
    }

    /// Closes this end of the terminal and returns every byte written to it (call once the
    /// children that wrote to it have exited).
    public func close() -> Data {
        Glibc.close(replica)
        while !lock.withLock({ finished }) { usleep(1_000) }
        Glibc.close(master)
        return lock.withLock { output }
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { read(master, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            // EIO once no process holds the terminal open any more.
            if count <= 0 { break }
            lock.withLock { output.append(contentsOf: buffer[0..<count]) }
        }
        lock.withLock { finished = true }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer to a file descriptor: batch output goes out in 64 KiB writes.
public struct OutputWriter {
    public var buffer: [UInt8] = []
    private let descriptor: Int32
    private let limit: Int

    public init(descriptor: Int32 = 1, limit: Int = 1 << 16) {
        _ = Self.pipeErrorsAreErrors
        self.descriptor = descriptor
        self.limit = limit
        buffer.reserveCapacity(limit + 4096)
    }

    /// A reader that leaves early (`haven reflect | head -c1`) makes the next write fail with
    /// EPIPE, reported as "cannot write to standard output" (status 74), instead of killing the
    /// process with SIGPIPE (141). Set once, before the first writer writes.
    private static let pipeErrorsAreErrors: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    public mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Flushes when the buffer is full.
    public mutating func flushIfNeeded() throws(FrontendError) {
        if buffer.count >= limit { try flush() }
    }

    public mutating func flush() throws(FrontendError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBufferPointer {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes one line to standard error, unbuffered.
public func printError(_ line: String, newline: Bool = true) {
    var bytes = Array(line.utf8)
    if newline && bytes.last != 10 { bytes.append(10) }
    _ = bytes.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
}

/// Says once on standard error that the input was not valid UTF-8 and where it first went wrong.
public func printInvalidInputWarning(firstLine line: Int) {
    printError(
        "haven: warning: input is not valid UTF-8 (first at line \(line)); invalid bytes were replaced with U+FFFD")
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file descriptor as lines or as one message, without ever rejecting bad bytes.
///
/// Invalid UTF-8 is decoded with U+FFFD replacements and remembered, so the caller can warn
/// once; a trailing `\r` (CRLF line ends) is dropped; lines of any length are kept whole.
public struct InputReader {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var finished = false
    /// 1-based number of the first line that held invalid UTF-8, if any.
    public private(set) var firstInvalidLine: Int?
    public private(set) var lineNumber = 0
    /// Bytes of input taken by the lines returned so far (line ends included), for progress.
    public private(set) var bytesConsumed = 0
    /// Why reading stopped early (standard input is a folder, say), or nil at a true end of input.
    public private(set) var readError: FrontendError?

    public init(descriptor: Int32 = 0, chunkSize: Int = 1 << 16) {
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next line without its terminator, or nil at the end of input.
    public mutating func nextLine() -> String? {
        var scanFrom = start
        while true {
            if let newline = findNewline(from: scanFrom) {
                let line = decode(start, newline)
                bytesConsumed += newline + 1 - start
                start = newline + 1
                return line
            }
            if finished {
                guard start < end else { return nil }
                let line = decode(start, end)
                bytesConsumed += end - start
                start = end
                return line
            }
            let scanned = end - start
            fill()
            scanFrom = start + scanned
        }
    }

    /// Everything that is left, as one message.
    public mutating func readAll() -> String {
        while !finished { fill() }
        let text = decode(start, end, stripCR: false)
        start = end
        return text
    }

    /// The index of the next `\n` at or after `index`, found with `memchr` (which scans whole
    /// words at a time) rather than byte by byte.
    private func findNewline(from index: Int) -> Int? {
        guard index < end else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let found = memchr(bytes.baseAddress! + index, 10, end - index) else { return nil }
            return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private mutating func fill() {
        // Keep the unread part at the front; grow when a single line fills the buffer.
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                buffer.withUnsafeMutableBufferPointer {
                    $0.baseAddress!.update(from: $0.baseAddress! + start, count: unread)
                }
            }
            end = unread
            start = 0
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            read(descriptor, pointer.baseAddress! + end, pointer.count - end)
        }
        if count <= 0 {
            if count < 0 && errno == EINTR { return }
            // A failed read is not the end of the input: `haven reflect < folder` used to exit 0 with no output.
            if count < 0 { readError = .readFailed(String(cString: strerror(errno))) }
            finished = true
        } else {
            end += count
        }
    }

    private mutating func decode(_ from: Int, _ to: Int, stripCR: Bool = true) -> String {
        lineNumber += 1
        var upper = to
        if stripCR, upper > from, buffer[upper - 1] == 13 { upper -= 1 }
        return buffer[from..<upper].withUnsafeBufferPointer { bytes in
            // Decode once, then compare: a repair always changes the bytes (the result is valid,
            // the input was not), so an exact copy means the line was valid. `String(validating:)`
            // would check the same but through a generic, unspecialised path that cost more
            // than the decoding itself.
            let line = String(decoding: bytes, as: UTF8.self)
            if !Self.isCopy(line, of: bytes), firstInvalidLine == nil { firstInvalidLine = lineNumber }
            return line
        }
    }

    private static func isCopy(_ line: String, of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let utf8 = line.utf8
        guard utf8.count == bytes.count else { return false }
        guard let baseAddress = bytes.baseAddress else { return true }
        return utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, baseAddress, bytes.count) == 0 }
            ?? utf8.elementsEqual(bytes)
    }
}

import Foundation
import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP client for line protocols, talking to 127.0.0.1 only.
public final class LineClient: @unchecked Sendable {
    private let socket: Int32
    private var pending: [UInt8] = []
    public private(set) var closedByPeer = false

    /// Connects to `host:port`.
    ///
    /// - Parameter receiveBufferBytes: a small receive buffer (set before connecting, so the
    ///   kernel keeps it) makes a client that does not read back up the server's output quickly.
    public init(port: Int, host: String = "127.0.0.1", receiveBufferBytes: Int? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket failed") }
        if var size = receiveBufferBytes.map(Int32.init) {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(socket)
            throw TestFailure("cannot connect to \(host):\(port)")
        }
    }

    deinit { close(socket) }

    /// Sends raw bytes.
    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBufferPointer {
                Glibc.send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Sends as much of `bytes` as the peer takes, never blocking for long: gives up once the
    /// socket has taken nothing for `stall` seconds. Returns how many bytes were sent.
    ///
    /// For a client that floods a server that (rightly) stops reading from it.
    public func sendUntilStalled(_ bytes: [UInt8], stall: Double = 3) -> Int {
        var offset = 0
        while offset < bytes.count {
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            guard poll(&descriptor, 1, Int32(stall * 1000)) > 0, descriptor.revents & Int16(POLLOUT) != 0 else { break }
            let written = bytes.withUnsafeBufferPointer {
                Glibc.send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { continue }
            if written <= 0 { break }
            offset += written
        }
        return offset
    }

    /// Sends a line (a newline is added).
    public func send(line: String) { send(Array((line + "\n").utf8)) }

    /// The next line, or nil on end of stream or after `timeout` seconds.
    public func readLine(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 || closedByPeer { return nil }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBufferPointer { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 {
                closedByPeer = true
                continue
            }
            pending += buffer[0..<count]
        }
    }

    /// Everything the peer sends until it closes (or `timeout` passes with nothing new), newline or not.
    public func readToEnd(timeout: Double = 10) -> String {
        var lines: [String] = []
        while let line = readLine(timeout: timeout) { lines.append(line + "\n") }
        let rest = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        return lines.joined() + rest
    }

    /// Reads lines until the peer closes (or `timeout` passes without a line).
    public func readAll(timeout: Double = 10) -> [String] {
        var lines: [String] = []
        while let line = readLine(timeout: timeout) { lines.append(line) }
        return lines
    }

    /// Closes the sending side, as a client that stops mid-message would.
    public func shutdownWrite() { shutdown(socket, Int32(SHUT_WR)) }
}

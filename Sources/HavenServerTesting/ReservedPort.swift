import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback port held by the test so that nothing answers on it: for connection-failure tests.
///
/// - ``refusing()``: the port is bound but not listening, so every connection is refused at once.
/// - ``stalling()``: the port listens with a full accept queue, so the kernel drops new
///   connection attempts and clients wait until their connect timeout.
///
/// The port stays reserved until ``close()`` or deinit, so no other test can take it meanwhile.
public final class ReservedPort: @unchecked Sendable {
    /// The reserved port on 127.0.0.1.
    public let port: Int
    // Written only in init and close(); tests call close() once, at the end.
    private var descriptors: [Int32]

    private init(port: Int, descriptors: [Int32]) {
        self.port = port
        self.descriptors = descriptors
    }

    deinit {
        close()
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A port on which connections are refused.
    public static func refusing() throws -> ReservedPort {
        let (socket, port) = try boundSocket()
        return ReservedPort(port: port, descriptors: [socket])
    }

    /// A port on which connections are neither accepted nor refused, so they time out.
    public static func stalling() throws -> ReservedPort {
        let (listener, port) = try boundSocket()
        guard listen(listener, 0) == 0 else {
            closeDescriptor(listener)
            throw TestFailure("listen failed on port \(port)")
        }
        var descriptors = [listener]
        // Fill the accept queue (backlog 0 holds one connection; a few more make sure).
        for _ in 0..<3 {
            let filler = socket(
                AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard filler >= 0 else { continue }
            var address = loopback(port: port)
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            descriptors.append(filler)
        }
        // Let the handshakes of the fillers finish so the queue is really full.
        usleep(100_000)
        return ReservedPort(port: port, descriptors: descriptors)
    }

    /// A port that listens and never answers: every connection made to it waits in its queue
    /// for ``takeConnections()`` to count (a proxy that a program must not use, say).
    public static func listening() throws -> ReservedPort {
        let (listener, port) = try boundSocket()
        guard listen(listener, 128) == 0, fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK) == 0 else {
            closeDescriptor(listener)
            throw TestFailure("listen failed on port \(port)")
        }
        return ReservedPort(port: port, descriptors: [listener])
    }

    /// The first line of each request that has reached a ``listening()`` port since the last
    /// call ("GET http://host/path HTTP/1.1", "CONNECT host:443 HTTP/1.1"; empty when a client
    /// sent nothing within a second); each connection is taken from the queue and closed.
    public func takeRequests() -> [String] {
        guard let listener = descriptors.first else { return [] }
        var lines: [String] = []
        while case let connection = accept(listener, nil, nil), connection >= 0 {
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = buffer.withUnsafeMutableBufferPointer { recv(connection, $0.baseAddress, $0.count, 0) }
            let head = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            lines.append(String(head.prefix { $0 != "\r" && $0 != "\n" }))
            closeDescriptor(connection)
        }
        return lines
    }

    /// Releases the port.
    public func close() {
        for descriptor in descriptors { closeDescriptor(descriptor) }
        descriptors = []
    }

    private static func boundSocket() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed") }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            closeDescriptor(descriptor)
            throw TestFailure("cannot reserve a loopback port")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        return address
    }
}

/// Closes a socket; a free function, since inside `ReservedPort` `close` names the method.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

import Foundation

/// An adapter could not listen on its address: a configuration error (`haven serve` exits 78).
///
/// `adapters.tcp: cannot listen on 127.0.0.1:7424: address already in use`.
public struct ListenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The adapter's key under `adapters` (`tcp`, `webhooks`).
    public var adapter: String
    public var host: String
    public var port: Int
    /// Why, in the system's words where it gave an errno.
    public var reason: String

    public init(adapter: String, host: String, port: Int, reason: String) {
        self.adapter = adapter
        self.host = host
        self.port = port
        self.reason = reason
    }

    /// From the listener's own error. The networking libraries put an errno in their messages
    /// (`bind(…): Address already in use (errno: 98)`); its `strerror` text is what an operator
    /// needs, so it is taken from there rather than from any one library's error types.
    public init(adapter: String, host: String, port: Int, error: any Error) {
        self.init(adapter: adapter, host: host, port: port, reason: Self.reason(for: error))
    }

    public var description: String { "adapters.\(adapter): cannot listen on \(host):\(port): \(reason)" }

    static func reason(for error: any Error) -> String {
        let text = String(describing: error)
        if let range = text.range(of: #"errno: [0-9]+"#, options: .regularExpression),
            let code = Int32(text[range].dropFirst(7))
        {
            let message = String(cString: strerror(code))
            return message.prefix(1).lowercased() + message.dropFirst()
        }
        // NIO's SocketAddressError.unknown(host:port:): the name did not resolve.
        if text.hasPrefix("unknown(host:") { return "the host name does not resolve" }
        return text
    }
}

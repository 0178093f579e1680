/// The plain-text TCP adapter's settings (`adapters.tcp`).
public struct TCPSettings: Sendable, Equatable {
    public var enabled = false
    public var host = "127.0.0.1"
    public var port = 7424
    public var maxLineBytes = 4096
    public var idleTimeoutSeconds = 300
    public var maxConnections = 100
    /// How long shutdown waits for a connection to take its last replies and goodbye before
    /// closing it anyway (a client that does not read would otherwise hold shutdown up forever).
    public var shutdownGraceSeconds = 10

    public init() {}
}

public import HavenRuntime

extension TCPSettings {
    /// Reads `adapters.tcp` from a configuration file, recording every problem in `reader`.
    public static func read(from reader: inout ConfigReader) -> TCPSettings {
        let base = "adapters.tcp"
        reader.object(base)
        var tcp = TCPSettings()
        tcp.enabled = reader.bool("\(base).enabled", default: tcp.enabled)
        tcp.host = reader.string("\(base).host", default: tcp.host)
        tcp.port = reader.integer("\(base).port", in: 0...65_535, default: tcp.port)
        tcp.maxLineBytes = reader.integer("\(base).maxLineBytes", in: 16...1_048_576, default: tcp.maxLineBytes)
        tcp.idleTimeoutSeconds = reader.integer(
            "\(base).idleTimeoutSeconds", in: 1...86_400, default: tcp.idleTimeoutSeconds)
        tcp.maxConnections = reader.integer("\(base).maxConnections", in: 1...100_000, default: tcp.maxConnections)
        tcp.shutdownGraceSeconds = reader.integer(
            "\(base).shutdownGraceSeconds", in: 0...3600, default: tcp.shutdownGraceSeconds)
        return tcp
    }
}

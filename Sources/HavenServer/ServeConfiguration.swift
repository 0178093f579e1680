public import Foundation
public import HavenCore
public import HavenMatrix
public import HavenRuntime
public import HavenTCP
public import HavenWebhooks

/// Everything `haven serve` is configured with: Haven's own settings and each adapter's, read
/// from one file (see `config.example.json`); command-line flags override it.
///
/// Each part is read by the module it belongs to; this type only puts them together and checks
/// what no single part can: keys no part knows, and listeners that would share a port.
public struct ServeConfiguration: ConfigurationFile, Equatable {
    /// Rules, safety, dialogue, store and log.
    public var haven = HavenConfiguration()
    /// `adapters.tcp`.
    public var tcp = TCPSettings()
    /// `adapters.matrix`.
    public var matrix = MatrixSettings()
    /// `adapters.webhooks`.
    public var webhooks = WebhookSettings()

    public init() {}

    /// Reads a configuration file's contents; returns the configuration and every problem found.
    ///
    /// - Parameter environment: where the variables named for secrets must be set; the
    ///   process's own by default (a test passes the environment it gives the server).
    public static func parse(
        _ data: Data, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (ServeConfiguration, [Diagnostic]) {
        var reader = ConfigReader(data: data, environment: environment)
        var configuration = ServeConfiguration()
        guard let haven = HavenConfiguration.read(from: &reader) else { return (configuration, reader.problems) }
        configuration.haven = haven
        reader.object("adapters")
        configuration.tcp = TCPSettings.read(from: &reader)
        configuration.matrix = MatrixSettings.read(from: &reader)
        configuration.webhooks = WebhookSettings.read(from: &reader)
        reader.reportUnknownKeys()
        return (configuration, reader.problems)
    }

    /// Whether any adapter is enabled (`serve` has nothing to do otherwise).
    public var anyAdapterEnabled: Bool { tcp.enabled || matrix.enabled || webhooks.enabled }

    /// Listeners that cannot all bind, as config problems with their JSON paths: two adapters on
    /// one port. Checked after command-line flags are applied (`--tcp`).
    public var listenerProblems: [Diagnostic] {
        var listeners: [(path: String, name: String, port: Int)] = []
        if tcp.enabled { listeners.append(("adapters.tcp.port", "adapters.tcp", tcp.port)) }
        if webhooks.enabled { listeners.append(("adapters.webhooks.port", "adapters.webhooks", webhooks.port)) }
        if matrix.enabled, matrix.mode == .appservice {
            listeners.append(("adapters.matrix.appservice.port", "adapters.matrix.appservice", matrix.appservice.port))
        }
        var problems: [Diagnostic] = []
        for (index, listener) in listeners.enumerated() where listener.port != 0 {
            // Reported at the later listener, naming the earlier one that has the port.
            for earlier in listeners[..<index] where earlier.port == listener.port {
                problems.append(
                    ConfigReader.problem(
                        .configConflict, "$.\(listener.path): \(listener.port) is also the port of \(earlier.name)"))
            }
        }
        return problems
    }
}

import HavenStore
public import ServiceLifecycle

extension HavenServe {
    /// `haven serve` built and ready to run: its service group and the store it flushes at the end.
    public struct Server: Sendable {
        /// Every adapter, rule reload and retention, under one service group.
        public let group: ServiceGroup
        let store: any StateStore

        /// Runs every service until a graceful shutdown (a signal, or
        /// ``triggerGracefulShutdown()``) has finished, then flushes the state store.
        public func run() async throws {
            try await group.run()
            store.checkpoint()
        }

        /// Starts a graceful shutdown: listeners close, what was already read is answered.
        public func triggerGracefulShutdown() async {
            await group.triggerGracefulShutdown()
        }
    }
}

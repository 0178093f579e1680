import Foundation
public import HavenStore
public import Logging
public import ServiceLifecycle

/// Deletes conversations older than the retention period, hourly and at start.
public struct RetentionService: Service {
    let store: any StateStore
    let days: Int
    let logger: Logger

    public init(store: any StateStore, days: Int, logger: Logger) {
        self.store = store
        self.days = days
        self.logger = logger
    }

    public func run() async throws {
        guard days > 0 else { return }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let cutoff = Int64(Date().timeIntervalSince1970) - Int64(days) * 86_400
            do {
                let removed = try store.expire(before: cutoff)
                if removed > 0 {
                    logger.info("expired old conversations", metadata: ["haven.store.expired": "\(removed)"])
                }
            } catch {
                logger.error("retention sweep failed", metadata: ["haven.error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}

extension RetentionService: CustomStringConvertible {
    /// Just the name: service-lifecycle logs services, and the default description would print
    /// every stored property, secrets included.
    public var description: String { "RetentionService" }
}

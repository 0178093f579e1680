import Foundation
import HavenCore
import HavenRuleFiles
public import Logging
public import ServiceLifecycle
import UnixSignals

/// Reloads the rules on SIGHUP and when a rule file changes.
public struct RuleWatcherService: Service {
    let path: String
    let rules: LiveRules
    let watch: Bool
    let interval: Duration
    let logger: Logger

    public init(path: String, rules: LiveRules, watch: Bool, interval: Duration, logger: Logger) {
        self.path = path
        self.rules = rules
        self.watch = watch
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    logger.notice("SIGHUP: reloading rules")
                    reload()
                }
            }
            if watch {
                group.addTask {
                    var last = RuleDirectory.fingerprint(path)
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                        let now = RuleDirectory.fingerprint(path)
                        if now != last {
                            last = now
                            logger.notice("rule files changed: reloading rules")
                            reload()
                        }
                    }
                }
            }
        }
    }

    private func reload() {
        do {
            rules.reload(try RuleDirectory.read(path), logger: logger)
        } catch {
            logger.error("rules reload refused; the previous rules stay live", metadata: ["haven.error": "\(error)"])
        }
    }
}

extension RuleWatcherService: CustomStringConvertible {
    /// Just the name: service-lifecycle logs services, and the default description would print
    /// every stored property, secrets included.
    public var description: String { "RuleWatcherService" }
}

public import HavenCore
public import Logging
import Synchronization

/// The rule set in use, swapped atomically on reload.
///
/// A reload compiles the new rules beside the live ones; they replace the live set only if
/// they load without errors, all their examples pass and they still catch every crisis example
/// the live set catches. A message in flight keeps the set it
/// started with, so a reload never drops or delays it.
public final class LiveRules: Sendable {
    private let current: Mutex<RuleSet>

    public init(_ rules: RuleSet) { current = Mutex(rules) }

    /// The rules to use for the next message.
    public var rules: RuleSet { current.withLock { $0 } }

    /// The outcome of a reload attempt.
    public enum ReloadOutcome: Sendable, Equatable {
        case replaced
        case refused([String])
    }

    /// Compiles `sources` and swaps them in if they are sound; otherwise keeps the live set.
    @discardableResult
    public func reload(_ sources: [RuleSource], logger: Logger) -> ReloadOutcome {
        let started = ContinuousClock.now
        let result = RuleLoader.load(sources)
        var problems = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        if let candidate = result.ruleSet {
            for failure in candidate.checkExamples() where !failure.passed {
                problems.append(
                    "\(failure.example.location): error: example \"\(failure.example.value)\" fails: \(failure.failure ?? "")"
                )
            }
            // Only where the example is written, never its text: it reads like a message from a person in danger.
            for lost in candidate.lostCrisisExamples(from: rules) {
                problems.append(
                    "\(lost.location): error: safety tier: the new rules no longer catch the live crisis example written here "
                        + "(to drop it on purpose, restart haven serve)")
            }
            if problems.isEmpty {
                current.withLock { $0 = candidate }
                logger.notice(
                    "rules reloaded",
                    metadata: [
                        "haven.rules.files": "\(sources.count)", "haven.rules.count": "\(candidate.rules.count)",
                        "haven.rules.reload_ms": "\((ContinuousClock.now - started).milliseconds)",
                    ])
                return .replaced
            }
        }
        logger.error(
            "rules reload refused; the previous rules stay live",
            metadata: ["haven.rules.problems": "\(problems.count)"])
        for problem in problems.prefix(50) { logger.error("\(problem)") }
        return .refused(problems)
    }
}

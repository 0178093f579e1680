import Foundation
import Synchronization

/// Runs work on several threads of their own, released at the same moment, for tests of what
/// happens when callers race (two instances on one store, migrations at start, a small pool).
///
/// Threads rather than tasks: the code under test blocks (store calls), and on a 2-core machine
/// Swift's cooperative pool would run such tasks one or two at a time instead of together.
public enum SimultaneousThreads {
    /// Runs `body(index)` for each index below `count`, each on its own thread, all released
    /// together; returns when every one has finished, with the errors they threw as text.
    public static func run(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
        let failures = Mutex<[String]>([])
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for index in 0..<count {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                start.wait()
                do {
                    try body(index)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        for _ in 0..<count { start.signal() }
        done.wait()
        return failures.withLock { $0 }
    }
}

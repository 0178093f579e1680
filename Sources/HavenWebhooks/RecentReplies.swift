import Foundation
import Synchronization

/// Haven's own recent replies, so a platform that echoes them back as messages gets no answer.
///
/// Bots are mostly recognised by their flags; this catches the rest (a generic sender that
/// loops Haven's output back in). Only hashes are kept, in memory, for the last few thousand.
final class RecentReplies: Sendable {
    private struct State {
        var ring: [Int] = []
        var next = 0
        var members: [Int: Int] = [:]
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// Remembers the last `capacity` replies.
    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Remembers replies sent on `endpoint`.
    func remember(_ replies: [String], endpoint: String) {
        state.withLock { state in
            for reply in replies {
                let key = Self.key(reply, endpoint: endpoint)
                if state.ring.count < capacity {
                    state.ring.append(key)
                } else {
                    let old = state.ring[state.next]
                    if let count = state.members[old] { state.members[old] = count > 1 ? count - 1 : nil }
                    state.ring[state.next] = key
                    state.next = (state.next + 1) % capacity
                }
                state.members[key, default: 0] += 1
            }
        }
    }

    /// Whether `text` is one of the replies recently sent on `endpoint`.
    func contains(_ text: String, endpoint: String) -> Bool {
        let key = Self.key(text, endpoint: endpoint)
        return state.withLock { $0.members[key] != nil }
    }

    private static func key(_ text: String, endpoint: String) -> Int {
        var hasher = Hasher()
        hasher.combine(endpoint)
        hasher.combine(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return hasher.finalize()
    }
}

import Synchronization

/// Delivery ids being handled right now, so a platform's quick retry waits its turn as a duplicate.
///
/// The store's `handled_event` table remembers deliveries once handled; this covers the
/// moment before, when two copies of one delivery arrive together.
final class DeliveryClaims: Sendable {
    private let claimed = Mutex(Set<String>())

    /// Claims `key`; false when another request holds it.
    func claim(_ key: String) -> Bool {
        claimed.withLock { $0.insert(key).inserted }
    }

    /// Releases a claim.
    func release(_ key: String) {
        _ = claimed.withLock { $0.remove(key) }
    }
}

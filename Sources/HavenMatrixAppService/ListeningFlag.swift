import Synchronization

/// Whether the listener got as far as binding: an error before it is the address's fault.
final class ListeningFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .releasing) }

    var isSet: Bool { value.load(ordering: .acquiring) }
}

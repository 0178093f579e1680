import Synchronization

/// Holds back each adapter's `listening` line until every listening adapter is bound.
///
/// A supervisor (or a test) reads the first `listening` line as "the server is up": printing
/// it while another adapter was still to fail its bind told it so wrongly.
final class ListeningGate: Sendable {
    private let expected: Int
    private let report: @Sendable (String, String, Int) -> Void
    private let bound = Mutex<[(adapter: String, host: String, port: Int)]>([])

    /// A gate for `expected` adapters that hands their addresses to `report`, in the order they bound.
    init(expecting expected: Int, report: @escaping @Sendable (String, String, Int) -> Void) {
        self.expected = expected
        self.report = report
    }

    /// Records one adapter's address; the last one to arrive reports them all.
    func listening(_ adapter: String, host: String, port: Int) {
        let ready = bound.withLock { bound -> [(adapter: String, host: String, port: Int)] in
            bound.append((adapter, host, port))
            return bound.count == expected ? bound : []
        }
        for address in ready { report(address.adapter, address.host, address.port) }
    }
}

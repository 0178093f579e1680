import NIOConcurrencyHelpers
import NIOCore

/// The open connections, so that shutdown can say goodbye to each and the limit can be kept.
final class TCPConnectionRegistry: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    func admit(_ channel: any Channel, limit: Int) -> Bool {
        channels.withLockedValue { open in
            guard open.count < limit else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = channels.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var all: [any Channel] { channels.withLockedValue { Array($0.values) } }
}

public import Foundation
import Synchronization

/// Readiness and the last successful activity of each adapter, as `GET /healthz` reports them.
///
/// Any adapter can report into the board it is given: ``register(_:)`` it at start (so the
/// health report lists it before its first success), then ``record(_:at:)`` each success.
/// Names are free-form; the webhook adapter uses `webhooks` (a verified request answered),
/// `webhooks.delivery` (an outbound reply accepted) and `webhooks.ENDPOINT` per endpoint.
public final class ActivityBoard: Sendable {
    private struct State {
        var ready = false
        var lastSuccess: [String: Date?] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the adapters are up and accepting work.
    public var isReady: Bool {
        get { state.withLock { $0.ready } }
        set { state.withLock { $0.ready = newValue } }
    }

    /// Lists `name` in the report, with no success yet.
    public func register(_ name: String) {
        state.withLock { state in
            if state.lastSuccess[name] == nil { state.lastSuccess[name] = .some(nil) }
        }
    }

    /// Records a success of `name` at `time`.
    public func record(_ name: String, at time: Date = Date()) {
        state.withLock { $0.lastSuccess[name] = time }
    }

    /// Each name's last success, nil when it has had none.
    public var lastSuccess: [String: Date?] {
        state.withLock { $0.lastSuccess }
    }
}

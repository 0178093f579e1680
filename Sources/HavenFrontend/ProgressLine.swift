#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress line on standard error for long runs: done / total (where known), messages per
/// second and time left, redrawn in place.
///
/// It exists only when standard error is a terminal (``init(_:total:descriptor:)`` returns nil
/// otherwise), so pipes, files and CI logs never get a byte of it. It redraws at most ten times a
/// second, plus the first and the last count, and erases itself at ``finish()`` so the
/// terminal is left as it was. It writes counts only, never message text.
public final class ProgressLine {
    private let label: String
    private let total: Int?
    private let descriptor: Int32
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var lastCount = 0
    private var fraction: Double?

    /// How often the line is redrawn at most.
    static let interval = Duration.milliseconds(100)

    /// A progress line for `label` ("evaluating"), or nil when `descriptor` is not a terminal.
    public init?(_ label: String, total: Int? = nil, descriptor: Int32 = 2) {
        guard isatty(descriptor) != 0 else { return nil }
        self.label = label
        self.total = total
        self.descriptor = descriptor
    }

    /// Records that `done` messages are done; `fraction` (0…1) is how far along the input is when
    /// the total count of messages is not known (bytes read of a file, say).
    public func update(_ done: Int, fraction: Double? = nil) {
        lastCount = done
        if let fraction { self.fraction = fraction }
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < Self.interval, done != total { return }
        lastDrawn = now
        draw(done, now: now)
    }

    /// Draws the last count once more, then erases the line.
    public func finish() {
        draw(lastCount, now: .now)
        write("\r\u{1B}[K")
    }

    private func draw(_ done: Int, now: ContinuousClock.Instant) {
        let elapsed = Self.seconds(now - started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = "\r\u{1B}[K\(label) \(done)"
        var share = fraction
        if let total {
            line += "/\(total) messages"
            share = total > 0 ? Double(done) / Double(total) : 1
        } else {
            line += " messages"
        }
        if let share { line += " (\(Int((share * 100).rounded(.down)))%)" }
        line += ", \(Int(rate.rounded())) msg/s"
        if let share, share > 0, share < 1, elapsed > 0 {
            line += ", \(Self.duration(elapsed * (1 - share) / share)) left"
        }
        write(line)
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBufferPointer { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// "42 s", "3 min 5 s", "1 h 2 min".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

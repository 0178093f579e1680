/// Why a command stopped: what to tell the person, and the exit status that says what kind of
/// failure it was (``HavenExit``).
///
/// Commands throw it instead of printing and exiting themselves; each program's `main` catches
/// it once, prints `PROGRAM: error: MESSAGE` on standard error and exits with ``status``.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exit status, from ``HavenExit``.
    public let status: Int32
    /// What went wrong, short and lower-case, quoting the value at fault.
    public let message: String

    public init(_ status: Int32, _ message: some CustomStringConvertible) {
        self.status = status
        self.message = message.description
    }

    public var description: String { message }
}

/// How far ``TestHTTPServer`` got in sending one response.
public struct TestHTTPDelivery: Sendable, Equatable {
    /// The ``TestHTTPRequest/index`` of the request answered.
    public var requestIndex: Int
    /// The status sent, or 0 when the server hung up without answering.
    public var status: Int
    /// The body bytes the response was meant to have (the declared length for a truncated one).
    public var plannedBodyBytes: Int
    /// The body bytes written to the socket before the response ended or the write failed.
    public var sentBodyBytes: Int
    /// Whether the whole response, end included, was written.
    public var completed: Bool

    /// Creates a record; the server makes these, tests rarely need to.
    public init(requestIndex: Int, status: Int, plannedBodyBytes: Int, sentBodyBytes: Int, completed: Bool) {
        self.requestIndex = requestIndex
        self.status = status
        self.plannedBodyBytes = plannedBodyBytes
        self.sentBodyBytes = sentBodyBytes
        self.completed = completed
    }
}

import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with Haven's guards in front: a deadline for each
/// request to arrive whole (``RequestDeadlineHandler``), and JSON errors for requests the HTTP
/// decoder refuses (``ParseErrorCatcher``).
struct WebhookHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let requestTimeout: TimeAmount

    /// The HTTP/1.1 channel for `responder`, with the decoder limits and guards the listener uses.
    init(responder: @escaping HTTPChannelHandler.Responder, requestTimeout: TimeAmount, idleTimeout: TimeAmount) {
        http = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [ParseErrorCatcher()], idleTimeout: idleTimeout,
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: WebhookHTTPChannel.maxHeaderFieldBytes,
                    maxHeaderListSize: WebhookHTTPChannel.maxHeaderBytes,
                    maxHeaderFieldCount: WebhookHTTPChannel.maxHeaderCount)))
        self.requestTimeout = requestTimeout
    }

    /// The decoder's limits: past any of them a request gets 431.
    static let maxHeaderFieldBytes = 16 * 1024
    static let maxHeaderBytes = 32 * 1024
    static let maxHeaderCount = 100

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = requestTimeout
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestDeadlineHandler(timeout: timeout), position: .first)
        }.flatMap { http.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

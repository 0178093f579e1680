import Hummingbird
import NIOCore

/// Cuts off a request that does not arrive whole in time (slowloris): from its first byte, a
/// request, head and body, has `timeout` to arrive and be answered; past that the client gets
/// the JSON 408 error and the connection closes.
///
/// It sits first in the pipeline, before the HTTP decoder, so it sees raw bytes: a request
/// begins with the first byte read since the connection opened or since Haven last wrote, and
/// it is answered when Haven writes anything back. An idle keep-alive connection (no bytes at
/// all) is left to the listener's idle timeout. It also writes the JSON error for requests the
/// HTTP decoder refuses (``ParseErrorCatcher`` hands them here, since only bytes written this
/// far down skip the HTTP encoder).
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var refused = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if deadline == nil {
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let seconds = Int(timeout.nanoseconds / 1_000_000_000)
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                let (handler, context) = bound.value
                handler.refuse(.requestTimeout(seconds), context: context)
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        deadline?.cancel()
        deadline = nil
        guard !refused else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    /// Answers with `error` as raw HTTP/1.1 (nothing has been written for this request yet) and closes.
    func refuse(_ error: WebhookError, context: ChannelHandlerContext) {
        guard !refused, context.channel.isActive else { return }
        deadline?.cancel()
        deadline = nil
        refused = true
        let body = WebhookResponder.errorBody(error)
        var buffer = context.channel.allocator.buffer(capacity: body.count + 160)
        buffer.writeString(
            "HTTP/1.1 \(error.status) \(HTTPResponse.Status(code: error.status).reasonPhrase)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        )
        buffer.writeBytes(body)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer))).whenComplete { _ in channel.close(promise: nil) }
    }
}

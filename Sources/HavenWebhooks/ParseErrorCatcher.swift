import NIOCore
import NIOHTTP1

/// Turns the HTTP decoder's refusals (headers over the limits, bytes that are not HTTP/1.1)
/// into the JSON error every other refusal gets, instead of Hummingbird's empty 400.
///
/// It sits after the decoder, where its errors arrive, and has ``RequestDeadlineHandler`` write
/// the response below the HTTP encoder.
final class ParseErrorCatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let refusal: WebhookError = parse == .headerOverflow ? .headersTooLarge : .malformedRequest
        guard let writer = try? context.pipeline.syncOperations.context(handlerType: RequestDeadlineHandler.self),
            let handler = writer.handler as? RequestDeadlineHandler
        else {
            context.fireErrorCaught(error)
            return
        }
        handler.refuse(refusal, context: writer)
    }
}

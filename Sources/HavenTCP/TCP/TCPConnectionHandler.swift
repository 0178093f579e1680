import Foundation
import HavenCore
import HavenRuntime
import Logging
import NIOCore
import NIOPosix

/// One TCP connection: one conversation, one line in, one reply line out.
///
/// Lines are handled one at a time per connection on a thread pool, never on the event loop, so
/// a client that pipelines thousands of lines holds one place in the pool's queue at a time and
/// everyone else's lines take turns with it. The connection is read only while nothing is
/// waiting to be handled and its output is not backed up: a client that sends without reading
/// stops being read (its own socket buffers fill and it blocks), so it cannot grow the server's
/// memory. Idle means no complete line and no reply for `idleTimeoutSeconds`: bytes alone (a
/// line trickled one byte at a time) do not keep a connection open.
final class TCPConnectionHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = LineEvent
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent down every open connection's pipeline when the server shuts down: answer the lines
    /// already read, say goodbye, close; and close anyway after `grace`.
    struct Shutdown: Sendable {
        let grace: TimeAmount
    }

    let conversations: Conversations
    let registry: TCPConnectionRegistry
    let settings: TCPSettings
    let pool: NIOThreadPool
    let logger: Logger
    let conversationID = "tcp:" + UUID().uuidString

    // Touched on the channel's event loop only.
    private var admitted = false
    /// Lines read and not yet handled, in order.
    private var waiting = CircularBuffer<LineEvent>()
    /// A line is out on the thread pool.
    private var handling = false
    /// A read was asked for while the connection was held; it is passed on when released.
    private var readHeld = false
    /// After `/quit`, an idle goodbye or a refusal: nothing more is handled.
    private var closing = false
    private var shuttingDown = false
    /// The client has stopped writing (`nc -N`): its lines are still answered, then the connection closes.
    private var inputClosed = false
    /// When the client last sent a complete line or was last sent a reply.
    private var lastProgress = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    private var forcedClose: Scheduled<Void>?

    init(
        conversations: Conversations, registry: TCPConnectionRegistry, settings: TCPSettings,
        pool: NIOThreadPool,
        logger: Logger
    ) {
        self.conversations = conversations
        self.registry = registry
        self.settings = settings
        self.pool = pool
        self.logger = logger
    }

    private var idleTimeout: TimeAmount { .seconds(Int64(settings.idleTimeoutSeconds)) }

    /// The protocol lines' words, from the rules in use (a reload rewords the next line).
    private var words: DialogueText { conversations.rules.rules.dialogue }

    func channelActive(context: ChannelHandlerContext) {
        guard registry.admit(context.channel, limit: settings.maxConnections) else {
            closing = true
            send(TCPProtocol.busy(settings.maxConnections, words), context: context)
            context.close(promise: nil)
            return
        }
        admitted = true
        send(TCPProtocol.greeting(words), context: context)
        scheduleIdleCheck(in: idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted { registry.remove(context.channel) }
        idleCheck?.cancel()
        forcedClose?.cancel()
        waiting.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        lastProgress = .now()
        waiting.append(unwrapInboundIn(data))
        pump(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if closing || shuttingDown || handling || !waiting.isEmpty || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            pump(context: context)
            return
        }
        guard let shutdown = event as? Shutdown else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        guard !shuttingDown else { return }
        shuttingDown = true
        // A client that does not read would otherwise hold shutdown up forever.
        let channel = context.channel
        forcedClose = context.eventLoop.scheduleTask(in: shutdown.grace) { channel.close(promise: nil) }
        pump(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("tcp connection error", metadata: ["haven.error": "\(error)"])
        context.close(promise: nil)
    }

    /// Answers waiting lines in order while the output has room: the protocol's own errors at
    /// once, messages one at a time on the pool. When nothing is left, reads again (or, shutting
    /// down, says goodbye).
    private func pump(context: ChannelHandlerContext) {
        while !handling, !closing, context.channel.isActive, context.channel.isWritable, let event = waiting.popFirst()
        {
            switch event {
            case .tooLong:
                send(TCPProtocol.lineTooLong(settings.maxLineBytes, words), context: context)
            case .line(let buffer):
                guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                    send(TCPProtocol.invalidUTF8(words), context: context)
                    continue
                }
                let message = text.trimmingCharacters(in: .whitespaces)
                if message.isEmpty { continue }
                if message == "/quit" {
                    closing = true
                    send(TCPProtocol.quit(words), context: context)
                    context.close(promise: nil)
                    return
                }
                handle(message, context: context)
            }
        }
        guard !handling, !closing, waiting.isEmpty, context.channel.isActive else { return }
        if inputClosed {
            closing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        }
        if shuttingDown {
            closing = true
            let channel = context.channel
            var buffer = channel.allocator.buffer(capacity: 64)
            buffer.writeString(TCPProtocol.shuttingDown(words) + "\n")
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        if readHeld, context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    /// Takes one message through the dialogue on the pool; its replies go out on the event loop.
    private func handle(_ message: String, context: ChannelHandlerContext) {
        handling = true
        let conversations = conversations
        let id = conversationID
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        pool.runIfActive(eventLoop: context.eventLoop) {
            try conversations.handle(message, conversation: id, person: id)
        }.whenComplete { result in
            let context = bound.value
            self.handling = false
            switch result {
            case .success(let replies):
                for reply in replies { self.send(reply, context: context) }
            case .failure(let error):
                self.logger.error("state store failed", metadata: ["haven.error": "\(error)"])
                self.send(TCPProtocol.storeFailed(self.words), context: context)
            }
            self.pump(context: context)
        }
    }

    /// Closes the connection once it has gone `idleTimeoutSeconds` without a complete line or a reply.
    private func scheduleIdleCheck(in delay: TimeAmount, context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(in: delay) { self.checkIdle(context: bound.value) }
    }

    private func checkIdle(context: ChannelHandlerContext) {
        guard context.channel.isActive, !shuttingDown else { return }
        let quiet = NIODeadline.now() - lastProgress
        if handling || quiet < idleTimeout {
            scheduleIdleCheck(in: handling ? idleTimeout : idleTimeout - quiet, context: context)
            return
        }
        // Already closing means its last replies were never taken (a client that stopped
        // writing and does not read either): no goodbye, just close.
        if !closing { send(TCPProtocol.idle(settings.idleTimeoutSeconds, words), context: context) }
        closing = true
        context.close(promise: nil)
    }

    private func send(_ line: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        lastProgress = .now()
    }
}

import Foundation
import HavenCore
import HavenRuntime
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// One TCP connection: one conversation, one line in, one reply line out.
final class TCPConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = LineEvent
    typealias OutboundOut = ByteBuffer

    let conversations: Conversations
    let registry: TCPConnectionRegistry
    let settings: HavenConfiguration.TCPSettings
    let logger: Logger
    let conversationID = "tcp:" + UUID().uuidString
    private var admitted = false

    init(conversations: Conversations, registry: TCPConnectionRegistry, settings: HavenConfiguration.TCPSettings, logger: Logger) {
        self.conversations = conversations
        self.registry = registry
        self.settings = settings
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        guard registry.admit(context.channel, limit: settings.maxConnections) else {
            send(TCPProtocol.busy(settings.maxConnections), context: context)
            context.close(promise: nil)
            return
        }
        admitted = true
        send(TCPProtocol.greeting, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted { registry.remove(context.channel) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .tooLong:
            send(TCPProtocol.lineTooLong(settings.maxLineBytes), context: context)
        case .line(let buffer):
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                send(TCPProtocol.invalidUTF8, context: context)
                return
            }
            let message = text.trimmingCharacters(in: .whitespaces)
            guard !message.isEmpty else { return }
            if message == "/quit" {
                send(TCPProtocol.quit, context: context)
                context.close(promise: nil)
                return
            }
            do {
                for reply in try conversations.handle(message, conversation: conversationID, person: conversationID) {
                    send(reply, context: context)
                }
            } catch {
                logger.error("state store failed", metadata: ["haven.error": "\(error)"])
                send(TCPProtocol.storeFailed, context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            send(TCPProtocol.idle(settings.idleTimeoutSeconds), context: context)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("tcp connection error", metadata: ["haven.error": "\(error)"])
        context.close(promise: nil)
    }

    private func send(_ line: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}

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

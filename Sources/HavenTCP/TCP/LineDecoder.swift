public import NIOCore

/// What the line decoder hands on: a complete line, or notice that one was too long.
package enum LineEvent {
    case line(ByteBuffer)
    case tooLong
}

/// Splits a byte stream into lines (LF or CRLF), refusing lines longer than a limit.
///
/// An over-long line is reported once and then skipped up to its newline, so one bad line
/// costs the client that line only; the connection stays usable. Bytes after the last newline
/// when the client disconnects were never a complete message, so they are dropped.
package struct LineDecoder: ByteToMessageDecoder {
    package typealias InboundOut = LineEvent
    package let maxLength: Int
    private var discarding = false

    package init(maxLength: Int) { self.maxLength = maxLength }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var length = newline - buffer.readerIndex
            if discarding {
                buffer.moveReaderIndex(forwardBy: length + 1)
                discarding = false
                return .continue
            }
            if length > maxLength + 1
                || (length == maxLength + 1 && buffer.getInteger(at: newline - 1, as: UInt8.self) != 13)
            {
                buffer.moveReaderIndex(forwardBy: length + 1)
                context.fireChannelRead(NIOAny(LineEvent.tooLong))
                return .continue
            }
            if length > 0, buffer.getInteger(at: newline - 1, as: UInt8.self) == 13 { length -= 1 }
            let line = buffer.getSlice(at: buffer.readerIndex, length: length) ?? ByteBuffer()
            buffer.moveReaderIndex(to: newline + 1)
            context.fireChannelRead(NIOAny(LineEvent.line(line)))
            return .continue
        }
        if buffer.readableBytes > maxLength + 1 {
            if !discarding { context.fireChannelRead(NIOAny(LineEvent.tooLong)) }
            discarding = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        return .needMoreData
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

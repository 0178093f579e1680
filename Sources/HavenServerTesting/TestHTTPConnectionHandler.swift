import NIOCore
import NIOHTTP1

/// Serves one connection of ``TestHTTPServer``: records each request, asks the script, and sends
/// the scripted response chunk by chunk, waiting for each write so it knows how much went out.
final class TestHTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A body being sent.
    private struct BodyJob {
        var request: TestHTTPRequest
        var status: Int
        var bytes: [UInt8]?
        var planned: Int
        var limit: Int
        var sent = 0
        var chunkSize: Int
        var interval: Duration
        var closesAfter: Bool
        var truncates: Bool
    }

    /// `a` to `z` repeated, a little over 64 KiB: the source of generated bodies.
    private static let pattern: [UInt8] = (0..<(26 * 2600)).map { UInt8(ascii: "a") + UInt8($0 % 26) }

    private let state: TestHTTPServerState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: TestHTTPServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            let request = state.record(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: body
            )
            body = []
            let promise = context.eventLoop.makePromise(of: TestHTTPResponse.self)
            state.respond(to: request, promise: promise)
            promise.futureResult.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let response):
                    self.send(response, to: request, keepAlive: head.isKeepAlive, context: context)
                case .failure:
                    context.close(promise: nil)
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: - Sending

    private func send(
        _ response: TestHTTPResponse, to request: TestHTTPRequest, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        guard !response.hangsUp else {
            state.record(
                TestHTTPDelivery(
                    requestIndex: request.index, status: 0, plannedBodyBytes: 0, sentBodyBytes: 0, completed: false)
            )
            context.close(promise: nil)
            return
        }
        var headers = NIOHTTP1.HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        var job = BodyJob(
            request: request,
            status: response.status,
            bytes: nil,
            planned: 0,
            limit: 0,
            chunkSize: 64 * 1024,
            interval: .zero,
            closesAfter: response.closesConnection || !keepAlive,
            truncates: false
        )
        var declaredLength: Int?
        switch response.body {
        case .bytes(let bytes):
            job.bytes = bytes
            job.planned = bytes.count
            job.limit = bytes.count
            declaredLength = bytes.count
        case .paced(let bytes, let chunkSize, let interval):
            job.bytes = bytes
            job.planned = bytes.count
            job.limit = bytes.count
            job.chunkSize = max(1, chunkSize)
            job.interval = interval
            declaredLength = bytes.count
        case .generated(let count, let chunkSize, let interval, let declaresLength):
            job.planned = count
            job.limit = count
            job.chunkSize = max(1, chunkSize)
            job.interval = interval
            declaredLength = declaresLength ? count : nil
        case .truncated(let declared, let sentBytes):
            job.planned = declared
            job.limit = min(sentBytes, declared)
            job.truncates = true
            declaredLength = declared
        }
        if let declaredLength, !headers.contains(name: "Content-Length") {
            headers.replaceOrAdd(name: "Content-Length", value: "\(declaredLength)")
        }
        if job.closesAfter {
            headers.replaceOrAdd(name: "Connection", value: "close")
        }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        sendChunk(job, context: context)
    }

    private func sendChunk(_ job: BodyJob, context: ChannelHandlerContext) {
        guard job.sent < job.limit else {
            finish(job, context: context)
            return
        }
        let length = min(job.chunkSize, job.limit - job.sent)
        var buffer = context.channel.allocator.buffer(capacity: length)
        if let bytes = job.bytes {
            buffer.writeBytes(bytes[job.sent..<(job.sent + length)])
        } else {
            // Generated bytes run a...z from the start of the body, copied from a prepared pattern.
            var position = job.sent
            while position < job.sent + length {
                let start = position % 26
                let count = min(job.sent + length - position, Self.pattern.count - start)
                buffer.writeBytes(Self.pattern[start..<(start + count)])
                position += count
            }
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).assumeIsolated().whenComplete { result in
            switch result {
            case .success:
                var next = job
                next.sent += length
                let loop = context.eventLoop.assumeIsolated()
                if job.interval > .zero {
                    loop.scheduleTask(in: TimeAmount(job.interval)) { self.sendChunk(next, context: context) }
                } else {
                    // Through the loop rather than recursion, so a large body cannot exhaust the stack.
                    loop.execute { self.sendChunk(next, context: context) }
                }
            case .failure:
                self.record(job, completed: false)
                context.close(promise: nil)
            }
        }
    }

    private func finish(_ job: BodyJob, context: ChannelHandlerContext) {
        guard !job.truncates else {
            record(job, completed: false)
            context.close(promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { result in
            switch result {
            case .success:
                self.record(job, completed: true)
                if job.closesAfter { context.close(promise: nil) }
            case .failure:
                self.record(job, completed: false)
                context.close(promise: nil)
            }
        }
    }

    private func record(_ job: BodyJob, completed: Bool) {
        state.record(
            TestHTTPDelivery(
                requestIndex: job.request.index,
                status: job.status,
                plannedBodyBytes: job.planned,
                sentBodyBytes: job.sent,
                completed: completed
            )
        )
    }
}

import FuzzSupport
import HavenTCP
import NIOCore
import NIOEmbedded

/// Input: the first byte picks the line limit (1–64), the second seeds the chunk sizes, the rest
/// is the stream a client sends, written to the decoder in random-sized chunks and then closed.
///
/// Checks the decoder against a model computed from the whole stream: every complete line
/// (CR stripped) of at most the limit arrives whole and in order, every longer one is one
/// `tooLong`, so no line ever exceeds the limit and no byte of a complete line is lost.
@_cdecl("LLVMFuzzerTestOneInput")
public func linesFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size >= 2 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = Int(input[0] % 64) + 1
    var seed = UInt64(input[1]) &+ 0x9E37_79B9_7F4A_7C15
    let stream = Array(input[2...])

    let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineDecoder(maxLength: limit)))
    var offset = 0
    while offset < stream.count {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let chunk = min(Int(seed >> 59) + 1, stream.count - offset)
        try! channel.writeInbound(ByteBuffer(bytes: stream[offset..<offset + chunk]))
        offset += chunk
    }
    _ = try! channel.finish()
    var got: [[UInt8]?] = []
    while let event = try! channel.readInbound(as: LineEvent.self) {
        switch event {
        case .line(let buffer): got.append(Array(buffer.readableBytesView))
        case .tooLong: got.append(nil)
        }
    }

    var expected: [[UInt8]?] = []
    var lines = stream.split(separator: 10, omittingEmptySubsequences: false)
    let partial = lines.removeLast()
    for line in lines {
        let text = line.last == 13 ? line.dropLast() : line
        expected.append(text.count > limit ? nil : Array(text))
    }
    // A partial last line past the limit was refused before the close; a shorter one was never a message.
    if partial.count > limit + 1 { expected.append(nil) }

    for line in got { precondition(line.map { $0.count <= limit } ?? true, "a line longer than the limit") }
    precondition(got == expected, "decoded \(got.count) events, expected \(expected.count)")
    return 0
}

/// The entry point SwiftPM links as `main`.
@_cdecl("fuzz_lines_main")
public func fuzzLinesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, linesFuzz)
}

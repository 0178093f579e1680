import FuzzSupport
import HavenRuntime
import HavenWebhooks

/// Input: a request as header lines (`name: value`), a blank line, then the body.
///
/// Runs every pure function of request bytes that the listener runs before the dialogue:
/// the Slack and Standard Webhooks signature checks (timestamp parsing, replay window, hex and
/// base64 signatures), the form and JSON body parsers, and the id checks on payload fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func webhooksFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var headers: [String: String] = [:]
    var body = input[...]
    if let blank = input.firstRange(of: [10, 10]) {
        for line in input[..<blank.lowerBound].split(separator: 10) {
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { continue }
            headers[text[..<colon].lowercased()] = String(text[text.index(after: colon)...])
        }
        body = input[blank.upperBound...]
    }
    let bodyBytes = Array(body)
    let now: Int64 = 1_700_000_000
    _ = try? SlackSignature(secret: "fuzz").verify(
        timestamp: headers["x-slack-request-timestamp"], signature: headers["x-slack-signature"], body: bodyBytes,
        now: now, tolerance: 300)
    let standard = StandardWebhookSignature(key: Array("fuzz".utf8))
    _ = try? standard.verify(
        id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signatures: headers["webhook-signature"],
        body: bodyBytes, now: now, tolerance: 300)
    if let form = try? FormBody(bodyBytes) {
        for field in ["user_id", "channel_id", "trigger_id", "text", "token", "post_id"] {
            _ = try? InboundMessage.identifier(form[field], field: field)
        }
    }
    if let json = try? JSONValue.parseObject(bodyBytes) {
        for field in ["conversation", "sender", "id", "event_id", "channel_id", "user_id", "text"] {
            _ = try? InboundMessage.identifier(json[field]?.text, field: field)
        }
        _ = InboundMessage.botFlags.contains { json[$0]?.isTruthy == true }
        _ = json["event"]?["channel"]?.text
        _ = json["props"]?["from_bot"]?.isTruthy
    }
    return 0
}

/// The entry point SwiftPM links as `main`.
@_cdecl("fuzz_webhooks_main")
public func fuzzWebhooksMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, webhooksFuzz)
}

import Crypto
import Foundation

/// Slack's request signing (v0): HMAC-SHA256 of `"v0:{timestamp}:{raw body}"` with the signing secret.
///
/// The `X-Slack-Signature` header is `v0=<hex>`; `X-Slack-Request-Timestamp` must be within the
/// replay window (five minutes by default). The comparison is constant-time.
package struct SlackSignature: Sendable {
    private let key: SymmetricKey

    /// A scheme keyed with the signing secret as given by Slack.
    package init(secret: String) {
        key = SymmetricKey(data: Array(secret.utf8))
    }

    /// Checks the headers against the raw body; throws the reason for refusing it.
    package func verify(timestamp: String?, signature: String?, body: [UInt8], now: Int64, tolerance: Int)
        throws(WebhookError)
    {
        guard let timestamp else { throw .missingHeader("x-slack-request-timestamp") }
        guard let signature, !signature.isEmpty else { throw .missingHeader("x-slack-signature") }
        guard let time = Int64(timestamp.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidHeader("x-slack-request-timestamp")
        }
        try SignedTimestamp.check(time, now: now, tolerance: tolerance)
        guard signature.hasPrefix("v0="), let given = Self.bytes(hex: signature.dropFirst(3)) else {
            throw .badSignature
        }
        guard code(timestamp: timestamp.trimmingCharacters(in: .whitespaces), body: body) == given else {
            throw .badSignature
        }
    }

    private func code(timestamp: String, body: [UInt8]) -> HMAC<SHA256>.MAC {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("v0:\(timestamp):".utf8))
        hmac.update(data: body)
        return hmac.finalize()
    }

    /// Decodes lower- or upper-case hex; nil for anything else.
    static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

import Crypto
import Foundation

/// The Standard Webhooks signature scheme, for Haven's generic JSON webhooks in and out.
///
/// The signed content is `"{webhook-id}.{webhook-timestamp}.{raw body}"`, authenticated with
/// HMAC-SHA256 under the base64-decoded part of a `whsec_…` secret. The `webhook-signature`
/// header holds one or more space-separated `v1,<base64>` signatures (several allow a secret
/// rotation); one match is enough. Comparisons are constant-time.
package struct StandardWebhookSignature: Sendable {
    private let key: SymmetricKey

    /// A scheme keyed with the decoded secret.
    package init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// The `webhook-signature` value for a message: `v1,<base64>`.
    package func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        "v1," + Data(code(id: id, timestamp: timestamp, body: body)).base64EncodedString()
    }

    /// Checks the three headers against the raw body; throws the reason for refusing it.
    ///
    /// - Parameters:
    ///   - now: the current time in seconds since 1970.
    ///   - tolerance: how many seconds the timestamp may be from `now`, either way.
    package func verify(
        id: String?, timestamp: String?, signatures: String?, body: [UInt8], now: Int64, tolerance: Int
    ) throws(WebhookError) {
        guard let id, !id.isEmpty else { throw .missingHeader("webhook-id") }
        guard let timestamp else { throw .missingHeader("webhook-timestamp") }
        guard let signatures, !signatures.isEmpty else { throw .missingHeader("webhook-signature") }
        guard let time = Int64(timestamp.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidHeader("webhook-timestamp")
        }
        try SignedTimestamp.check(time, now: now, tolerance: tolerance)
        let expected = code(id: id, timestamp: time, body: body)
        for candidate in signatures.split(separator: " ") {
            let parts = candidate.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else {
                continue
            }
            if expected == given { return }
        }
        throw .badSignature
    }

    private func code(id: String, timestamp: Int64, body: [UInt8]) -> HMAC<SHA256>.MAC {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: body)
        return hmac.finalize()
    }
}

import Crypto

/// Compares a shared token (Mattermost's) in constant time, whatever the lengths.
///
/// Both sides are authenticated under a random per-process key and the codes compared with
/// swift-crypto's constant-time check, so neither the content nor the length of the expected
/// token leaks through timing.
struct TokenComparison: Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let expected: HMAC<SHA256>.MAC

    /// A comparison against `token`.
    init(expected token: String) {
        expected = HMAC<SHA256>.authenticationCode(for: Array(token.utf8), using: key)
    }

    /// Whether `token` is the expected one.
    func matches(_ token: String) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Array(token.utf8), using: key)
    }
}

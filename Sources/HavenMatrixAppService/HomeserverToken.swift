import Crypto

/// The `hs_token` the homeserver must present, compared in constant time whatever the lengths.
///
/// Both sides are authenticated under a random per-process key and the codes compared with
/// swift-crypto's constant-time check, so neither the content nor the length of the token leaks
/// through timing.
struct HomeserverToken: Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let expected: HMAC<SHA256>.MAC

    init(_ token: String) {
        expected = HMAC<SHA256>.authenticationCode(for: Array(token.utf8), using: key)
    }

    /// Whether an `Authorization` header value admits the request: missing or not a bearer
    /// token is ``MatrixAppServiceError/missingToken``, another token ``MatrixAppServiceError/wrongToken``.
    func check(authorization: String?) throws(MatrixAppServiceError) {
        guard let authorization, authorization.count > 7,
            authorization.prefix(7).lowercased() == "bearer "
        else { throw .missingToken }
        let token = authorization.dropFirst(7)
        guard HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Array(token.utf8), using: key) else {
            throw .wrongToken
        }
    }
}

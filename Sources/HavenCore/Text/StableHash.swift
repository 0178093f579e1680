/// FNV-1a: a fast hash that is the same in every run and on every machine (Swift's `Hasher` is
/// seeded per process), for substitution lookups, stable prompt choice and log pseudonyms.
package enum StableHash {
    @inlinable
    package static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

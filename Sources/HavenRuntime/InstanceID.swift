import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Names one running instance of Haven among several sharing a store: `host-pid-random`.
///
/// Random at each start (no configuration to get wrong): the name only has to differ from every
/// other live instance's, and a restarted instance is a new one whose predecessor's claims run
/// out with their leases. The host and pid say where a claim came from when reading the tables.
public enum InstanceID {
    /// A fresh name for this instance.
    public static func make() -> String {
        // gethostname, not ProcessInfo.hostName, which may wait on a DNS lookup.
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(host.split(separator: ".").first.map(String.init) ?? "host")-\(getpid())-\(random)"
    }
}

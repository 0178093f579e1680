public import Foundation
public import HavenCore

#if canImport(Glibc)
    import Glibc
#endif

/// A local cache of compiled rule sets, so a one-shot `haven reflect` does not parse and compile
/// the YAML on every start.
///
/// One file per rule folder, named by a hash of the folder's path; inside, a key made from the
/// rule files' paths and contents and from the program that wrote it (its size and change time),
/// so editing a rule or rebuilding Haven invalidates it. A damaged, foreign or unwritable cache
/// is never an error: the rules are compiled as if there were none.
public struct RuleCache: Sendable {
    /// The cache folder.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$HAVEN_CACHE_DIR`, else `$XDG_CACHE_HOME/haven`, else `~/.cache/haven`; nil when
    /// `HAVEN_CACHE_DIR` is set but empty (caching off) or no home is known.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> RuleCache? {
        if let explicit = environment["HAVEN_CACHE_DIR"] {
            return explicit.isEmpty ? nil : RuleCache(directory: explicit)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return RuleCache(directory: xdg + "/haven") }
        if let home = environment["HOME"], !home.isEmpty { return RuleCache(directory: home + "/.cache/haven") }
        return nil
    }

    /// The cache file for a rule folder.
    public func file(for folder: String) -> String {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        return directory + "/rules-" + Self.hex(StableHash.fnv1a(absolute.utf8)) + ".bin"
    }

    /// Reads and compiles a rule folder, through the cache.
    public func load(_ folder: String) throws(RuleFilesError) -> RuleLoadResult {
        let sources = try RuleDirectory.read(folder)
        let key = Self.key(sources)
        let path = file(for: folder)
        if let cached = Self.read(path, key: key) { return RuleLoadResult(ruleSet: cached, diagnostics: []) }
        let result = RuleLoader.load(sources)
        if let ruleSet = result.ruleSet { write(ruleSet, key: key, to: path) }
        return result
    }

    /// What the cached set must have been built from.
    static func key(_ sources: [RuleSource]) -> [UInt8] {
        var material = Array(Self.programIdentity.utf8)
        for source in sources {
            material.append(0)
            material += source.path.utf8
            material.append(0)
            material += source.text.utf8
        }
        // The hash and the length: a local cache of the user's own files needs nothing stronger.
        return Array((hex(StableHash.fnv1a(material)) + hex(UInt64(material.count))).utf8)
    }

    /// The running program, as its size and change time: a rebuilt Haven compiles afresh.
    static let programIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    static func read(_ path: String, key: [UInt8]) -> RuleSet? {
        guard let bytes = contents(path), bytes.count > key.count + 1, bytes[0..<key.count].elementsEqual(key),
            bytes[key.count] == 10
        else { return nil }
        return RuleSet(snapshot: bytes, from: key.count + 1)
    }

    /// A whole file, read straight into one array (no `Data` in between: the cache is megabytes,
    /// and every copy counts against a short run's peak memory).
    static func contents(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0, info.st_size < 1 << 30 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                done += count
            }
            complete = done == size
            initialized = done
        }
        return complete ? bytes : nil
    }

    /// Writes beside the target and renames, so a reader sees the old file or the new one, never half.
    func write(_ ruleSet: RuleSet, key: [UInt8], to path: String) {
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        else { return }
        let temporary = path + ".\(getpid()).tmp"
        let contents = Data(key + [10] + ruleSet.snapshot())
        guard FileManager.default.createFile(atPath: temporary, contents: contents) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

import Foundation
public import HavenCore

/// Finds and reads the rule folder.
public enum RuleDirectory {
    /// The `Prompts` folder of the source checkout this binary was built from.
    static let checkoutPrompts: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Prompts").path
    }()

    /// Where rules come from, first match wins: the `--rules` flag, `$HAVEN_RULES`, `./Prompts`,
    /// `share/haven/Prompts` beside the folder of the running binary
    /// (see ``ProgramLocation``), and the checkout the binary was built from.
    public static func resolve(_ explicit: String?) -> String {
        if let explicit { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["HAVEN_RULES"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let manager = FileManager.default
        let candidates = [
            "Prompts",
            ProgramLocation.beside("../share/haven/Prompts"),
            checkoutPrompts,
        ]
        for candidate in candidates where manager.fileExists(atPath: candidate + "/safety.yaml") { return candidate }
        return "Prompts"
    }

    /// Reads every `.yaml` and `.yml` file of `path`, sorted by name.
    public static func read(_ path: String) throws(RuleFilesError) -> [RuleSource] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noRuleFolder(path)
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable(path)
        }
        var sources: [RuleSource] = []
        for name in names.sorted() where isRuleFile(name) {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            guard let data = manager.contents(atPath: file) else { throw .unreadable(file) }
            // Invalid UTF-8 is the loader's error, with its line and column, so the other files are still checked.
            sources.append(RuleSource(path: file, bytes: [UInt8](data)))
        }
        if sources.isEmpty { throw .noRuleFiles(path) }
        return sources
    }

    /// Whether a file in a rule folder holds rules: `.yaml` and `.yml` files do; the guide
    /// (`README.md`) and anything else does not.
    public static func isRuleFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Names, sizes and modification times of a folder's rule files: cheap to compare every few
    /// seconds, so a watcher reads the rules again only when this changes.
    public static func fingerprint(_ path: String) -> [String] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().filter(isRuleFile).map { name in
            let attributes = try? manager.attributesOfItem(atPath: path + "/" + name)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name):\(size):\(modified)"
        }
    }

    /// Reads and compiles a rule folder.
    public static func load(_ path: String) throws(RuleFilesError) -> RuleLoadResult {
        RuleLoader.load(try read(path))
    }
}

public import Foundation
public import HavenCore

/// Rule sets for tests: the shipped `Prompts/` folder, or small ones written inline.
public enum TestRules {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The shipped rule folder.
    public static var promptsPath: String { repositoryRoot.appendingPathComponent("Prompts").path }

    /// The shipped rule files.
    public static func shippedSources() throws -> [RuleSource] {
        let folder = promptsPath
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
            .sorted()
        return try names.map { name in
            let path = "Prompts/" + name
            return RuleSource(path: path, text: try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
        }
    }

    /// The shipped rules, compiled once per test process.
    public static let shipped: RuleLoadResult = {
        do {
            return RuleLoader.load(try shippedSources())
        } catch {
            return RuleLoadResult(
                ruleSet: nil, diagnostics: [Diagnostic(.error, "unreadable", "cannot read Prompts: \(error)", at: nil)])
        }
    }()

    /// The shipped `dialogue.yaml`, its closing questions moved to the base topics (`listen`), so the
    /// base rule sets say exactly what Haven says.
    public static let baseDialogue: String = {
        let shipped = (try? String(contentsOfFile: promptsPath + "/dialogue.yaml", encoding: .utf8)) ?? ""
        return shipped.replacingOccurrences(
            of: #"section: [a-z-]+"#, with: "section: listen", options: .regularExpression)
    }()

    /// The boilerplate every rule set needs (topics, safety, fallback, a crisis category, a lexicon,
    /// the dialogue).
    public static let baseFiles: [String: String] = [
        "dialogue.yaml": baseDialogue,
        "topics.yaml": """
        version: 1
        topics:
          - id: listen
            title: Listen to Your Partner
            tips: [Put the phone away.]
          - id: therapy
            title: Try Therapy
            tips: [Talk to a professional.]
        """,
        "safety.yaml": """
        version: 1
        safety:
          response: "Please get help. {resources}"
          resources: "Call a crisis line."
          sections: [therapy]
        """,
        "fallback.yaml": """
        version: 1
        fallback:
          prompts:
            - text: Tell me more.
              section: listen
        """,
        "crisis.yaml": """
        version: 1
        category: crisis
        title: Crisis
        rules:
          - id: crisis.harm
            phrases: ["kill myself", "(hit|hits) me"]
        guards:
          - id: crisis.negated
            phrases: ["not going to"]
        examples:
          match: ["I want to kill myself"]
        """,
        "lexicon.yaml": """
        version: 1
        sets:
          partner: [you, he, she, my (partner|husband)]
        substitutions:
          u: you
        guards:
          - id: not-saying
            phrases: ["i am not saying"]
            why: not an accusation
        """,
    ]

    /// Compiles the base files plus `files` (name → text); a file in `files` replaces a base file of the same name.
    public static func load(_ files: [String: String], limits: RuleLimits = .standard) -> RuleLoadResult {
        RuleLoader.load(sources(files), limits: limits)
    }

    /// The base files plus `files` (name → text) as sources, sorted by name; a file in `files` replaces a base file of the same name.
    public static func sources(_ files: [String: String]) -> [RuleSource] {
        var all = baseFiles
        for (name, text) in files { all[name] = text }
        return all.keys.sorted().map { RuleSource(path: $0, text: all[$0]!) }
    }

    /// Every finding `haven rules lint` reports for the base files plus `files`, ignore comments applied.
    public static func lint(_ files: [String: String]) -> [Diagnostic] {
        RuleLinter.lint(sources(files))
    }

    /// Like ``load(_:)`` but returns the rule set, failing loudly when there are errors.
    public static func ruleSet(_ files: [String: String]) throws -> RuleSet {
        try unwrap(load(files))
    }

    /// The shipped rule set, or a failure listing why it did not load.
    public static func shippedRuleSet() throws -> RuleSet {
        try unwrap(shipped)
    }

    private static func unwrap(_ result: RuleLoadResult) throws -> RuleSet {
        guard let ruleSet = result.ruleSet else {
            throw TestFailure(result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return ruleSet
    }
}

/// A failure raised by a test helper, with its reason.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension TestRules {
    /// Writes the base files plus `files` into a new temporary folder and returns its path.
    public static func folder(_ files: [String: String], includeBase: Bool = true) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("haven-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var all = includeBase ? baseFiles : [:]
        for (name, text) in files { all[name] = text }
        for (name, text) in all {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url.path
    }

    /// A copy of the shipped rule folder in a new temporary folder, for tests that edit it.
    public static func shippedCopy() throws -> String {
        var files: [String: String] = [:]
        for source in try shippedSources() { files[URL(fileURLWithPath: source.path).lastPathComponent] = source.text }
        return try folder(files, includeBase: false)
    }
}

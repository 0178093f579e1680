import Foundation
public import HavenCore
import HavenRuleFiles

/// The shipped rule files, read once per fuzzing process.
///
/// The folder is `HAVEN_FUZZ_RULES` when set, else `Prompts` under the working directory
/// (scripts/fuzz runs from the repository root). A missing folder stops the run at once:
/// fuzzing against no rules would only exercise the error path.
public enum ShippedRules {
    /// Every shipped rule file.
    public static let sources: [RuleSource] = {
        let path = ProcessInfo.processInfo.environment["HAVEN_FUZZ_RULES"] ?? "Prompts"
        do {
            return try RuleDirectory.read(path)
        } catch {
            fatalError("fuzz: cannot read the rule folder \(path): \(error)")
        }
    }()

    /// The shipped rules, compiled.
    public static let ruleSet: RuleSet = {
        guard let ruleSet = RuleLoader.load(sources).ruleSet else { fatalError("fuzz: the shipped rules do not load") }
        return ruleSet
    }()

    /// What a category file needs beside it: the shipped lexicon, topics, safety, fallback and dialogue files,
    /// and a small crisis category of our own (the shipped one, 34 KB, compiled on every input
    /// held the loader target to 5 executions a second).
    public static let base: [RuleSource] =
        sources.filter { source in
            ["lexicon", "topics", "safety", "fallback", "dialogue"].contains { source.path.hasSuffix("/\($0).yaml") }
        } + [RuleSource(path: "Prompts/crisis.yaml", text: smallCrisis)]

    private static let smallCrisis = """
        version: 1
        category: crisis
        title: Crisis
        rules:
          - id: crisis.harm
            phrases: ["(hurt|kill) myself", "no reason to (live|go on)"]
        guards:
          - id: crisis.negated
            phrases: ["not going to"]
        examples:
          match: ["some days I want to hurt myself"]
        """

    /// A few messages to analyse with a freshly loaded rule set, in our own words.
    public static let messages = [
        "you never listen to me when I talk about work",
        "I feel like nobody hears me anymore",
        "whatever, I'm done talking about this",
        "thank you for making dinner, that was kind",
        "",
    ]
}

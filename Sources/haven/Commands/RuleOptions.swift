import ArgumentParser
import HavenCore
import HavenFrontend
import HavenRuleFiles

/// The `--rules` option, shared by every command that needs rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The rule folder.",
            discussion:
                "Default: $HAVEN_RULES, ./Prompts, share/haven/Prompts beside the binary, or the checkout it was built from.",
            valueName: "dir"))
    var rules: String?

    init() {}
    init(rules: String?) { self.rules = rules }

    /// Loads the rules, printing every diagnostic; exits 65 on errors.
    ///
    /// - Parameter cached: go through the compiled-rule cache (for commands that only use the
    ///   rules; the rule tools compile afresh so that they see every finding).
    func load(cached: Bool = false) throws -> RuleSet {
        let path = RuleDirectory.resolve(rules)
        let result: RuleLoadResult
        do {
            if cached, let cache = RuleCache.standard() {
                result = try cache.load(path)
            } else {
                result = try RuleDirectory.load(path)
            }
        } catch {
            throw CommandFailure(HavenExit.invalidRules, "\(error)")
        }
        for diagnostic in result.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
        guard let ruleSet = result.ruleSet else {
            let count = result.diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure(HavenExit.invalidRules, FrontendError.invalidRules(count: count))
        }
        return ruleSet
    }
}

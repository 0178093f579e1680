/// `rules test` on `check_examples`: each message, and the variants of one that must mark
/// something, through `haven check`.
extension ExampleReport {
    static func checkExampleChecks(_ rules: RuleSet, categories: Set<String>?) -> [Check] {
        var checks: [Check] = []
        for example in rules.checkRules.examples where categories?.contains(example.categoryID) ?? true {
            let location = example.text.location
            let variants = example.marks.isEmpty ? [] : ExampleVariants.of(example.text.value)
            for (variant, text) in [(nil, example.text.value)] + variants.map({ ($0.name as String?, $0.text) }) {
                checks.append(
                    Check(
                        file: location.file, location: location, categoryID: example.categoryID, ruleID: nil,
                        expectation: .check,
                        example: example.text.value, variant: variant, text: text,
                        failure: rules.checkFailure(text, marks: example.marks)))
            }
        }
        return checks
    }
}

extension RuleSet {
    /// Why `check` on `message` does not mark exactly the categories `marks`, each passage with
    /// an antidote; nil when it does.
    package func checkFailure(_ message: String, marks: [String]) -> String? {
        let report = check(message)
        if report.safety != nil { return "check gave the safety response" }
        var found: [String] = []
        for passage in report.marked where !found.contains(passage.categoryID) { found.append(passage.categoryID) }
        if Set(found) != Set(marks) {
            let expected = marks.isEmpty ? "nothing" : marks.joined(separator: ", ")
            return "check marked \(found.isEmpty ? "nothing" : found.joined(separator: ", ")); expected \(expected)"
        }
        if let bare = report.marked.first(where: { $0.antidote == nil }) {
            return "no antidote fits the \(bare.categoryID) passage '\(bare.text)'"
        }
        return nil
    }
}

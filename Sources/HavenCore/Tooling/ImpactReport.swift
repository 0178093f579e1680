/// What an edit to the rules changes over a corpus: per category, what is newly caught and no longer caught.
package struct ImpactReport: Sendable {
    package struct CategoryImpact: Sendable {
        package let id: String
        package var before = 0
        package var after = 0
        package var newlyCaught: [Int] = []
        package var noLongerCaught: [Int] = []
    }

    package let messageCount: Int
    package let categories: [CategoryImpact]
    /// How often each rule of the new set fired, by rule id.
    package let ruleCounts: [String: Int]
    package let silentRules: [String]
    package let silentCategories: [String]
    let messages: [String]
    let comparing: Bool

    /// Compares `old` and `new` over `messages`; with `old` nil, reports plain coverage of `new`.
    /// `progress` is called after each message with how many are done.
    package static func run(old: RuleSet?, new: RuleSet, messages: [String], progress: (Int) -> Void = { _ in })
        -> ImpactReport
    {
        var impacts: [String: CategoryImpact] = [:]
        var order: [String] = new.categories.map(\.id)
        for category in old?.categories ?? [] where !order.contains(category.id) { order.append(category.id) }
        for id in order { impacts[id] = CategoryImpact(id: id) }
        var ruleCounts: [String: Int] = Dictionary(uniqueKeysWithValues: new.rules.map { ($0.id, 0) })
        for (index, message) in messages.enumerated() {
            defer { progress(index + 1) }
            let after = new.analyze(message)
            var afterIDs = Set<String>()
            for pattern in after.patterns {
                afterIDs.insert(pattern.categoryID)
                for ruleID in pattern.ruleIDs { ruleCounts[ruleID, default: 0] += 1 }
            }
            let beforeIDs = Set(old?.analyze(message).patterns.map(\.categoryID) ?? [])
            for id in afterIDs { impacts[id]?.after += 1 }
            for id in beforeIDs { impacts[id]?.before += 1 }
            if old != nil {
                for id in afterIDs.subtracting(beforeIDs) { impacts[id]?.newlyCaught.append(index) }
                for id in beforeIDs.subtracting(afterIDs) { impacts[id]?.noLongerCaught.append(index) }
            }
        }
        let categories = order.compactMap { impacts[$0] }
        return ImpactReport(
            messageCount: messages.count, categories: categories, ruleCounts: ruleCounts,
            silentRules: new.rules.map(\.id).filter { ruleCounts[$0] == 0 },
            silentCategories: categories.filter { $0.after == 0 && new.category($0.id) != nil }.map(\.id),
            messages: messages, comparing: old != nil)
    }

    package func render(examples: Int = 3) -> String {
        var lines: [String] = []
        if comparing {
            lines.append("Impact over \(messageCount) messages (before → after):")
            for category in categories {
                let delta = category.after - category.before
                lines.append(
                    "  \(category.id): \(category.before) → \(category.after) (\(delta >= 0 ? "+" : "")\(delta)); newly caught \(category.newlyCaught.count), no longer caught \(category.noLongerCaught.count)"
                )
                for index in category.newlyCaught.prefix(examples) {
                    lines.append("      + line \(index + 1): \(messages[index].oneLine.prefix(120))")
                }
                for index in category.noLongerCaught.prefix(examples) {
                    lines.append("      - line \(index + 1): \(messages[index].oneLine.prefix(120))")
                }
            }
        } else {
            lines.append("Coverage over \(messageCount) messages:")
            for category in categories { lines.append("  \(category.id): \(category.after) messages") }
            lines.append("Rules:")
            for (id, count) in ruleCounts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) where count > 0 {
                lines.append("  \(id): \(count)")
            }
        }
        if !silentCategories.isEmpty {
            lines.append("Categories that never fire on this corpus: \(silentCategories.joined(separator: ", "))")
        }
        if !silentRules.isEmpty {
            lines.append("Rules that never fire on this corpus: \(silentRules.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

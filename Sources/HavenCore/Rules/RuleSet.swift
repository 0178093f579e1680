import Foundation

/// A compiled, immutable set of rules: categories, rules, guards, prompts and the matching automaton.
///
/// Build one with ``RuleLoader``; it is `Sendable`, so a long-running server can swap one
/// set for another atomically on reload.
public struct RuleSet: Sendable {
    /// The id of the safety tier: always ranked first, never suppressed.
    public static let crisisID = "crisis"

    public let categories: [Category]
    public let rules: [Rule]
    public let guards: [Guard]
    public let topics: [Topic]
    public let fallbackPrompts: [Prompt]
    public let safety: SafetyResponse
    /// The files the set was built from, in load order.
    public let files: [String]

    let normalizer: Normalizer
    /// Built over the distinct phrase literals (phrases, slots, guard phrases); reports a
    /// literal's index in `literalOwners`.
    let phraseAutomaton: WordAutomaton
    /// Who owns each distinct phrase literal (" you " alone belongs to over 30 slots).
    let literalOwners: LiteralOwners
    /// Built over the distinct regex anchors, which need not be whole words; reports an index in `anchorOwners`.
    let anchorAutomaton: AhoCorasick<UInt8>
    let anchorOwners: LiteralOwners
    /// Number of literals in the automaton after expanding sets and alternatives (duplicates included).
    public var literalCount: Int { literalOwners.all.values.count + anchorOwners.all.values.count }
    /// Each literal as added and its owner, for the rule tools; nil in a set restored from a snapshot.
    let authoring: AuthoringTables?
    let gapPhrases: [GapPhrase]
    /// The slotted phrases as plain numbers, with the ones each phrase literal triggers.
    let chainTable: SlotChainTable
    let crisisIndex: Int?
    /// Antidotes, check examples, rule notes and stance overrides (see ``CheckRules``).
    public internal(set) var checkRules = CheckRules()

    /// Number of automaton states.
    public var automatonStates: Int { phraseAutomaton.stateCount + anchorAutomaton.stateCount }

    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }

    /// Literal texts per rule phrase and per slot, for ``sampleTexts(ofRule:limit:index:)``.
    struct SampleIndex {
        var phrases: [Int: [String]] = [:]
        var slots: [Int: [String]] = [:]
    }

    func sampleIndex() -> SampleIndex {
        var index = SampleIndex()
        guard let authoring else { return index }
        for (position, owner) in authoring.owners.enumerated() {
            let text = String(decoding: authoring.literals[position], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            switch owner {
            case .phrase(let rule): index.phrases[rule, default: []].append(text)
            case .slot(let slot): index.slots[slot, default: []].append(text)
            default: break
            }
        }
        return index
    }

    /// Up to `limit` messages made of a rule's phrases (each variant of each phrase, gaps closed up).
    func sampleTexts(ofRule ruleIndex: Int, limit: Int, index: SampleIndex) -> [String] {
        var samples = Array((index.phrases[ruleIndex] ?? []).prefix(limit))
        for phrase in gapPhrases where samples.count < limit {
            guard case .rule(let rule) = phrase.owner, rule == ruleIndex else { continue }
            var partial = [""]
            for slot in phrase.slots {
                let words = index.slots[slot] ?? []
                partial = Array(partial.flatMap { left in words.map { left.isEmpty ? $0 : left + " " + $0 } }.prefix(limit))
            }
            samples += partial.prefix(limit - samples.count)
        }
        return samples
    }

    /// How many automaton literals each rule and guard owns (shared slots count for each owner), largest first.
    public func literalCounts() -> [(id: String, literals: Int)] {
        var counts: [String: Int] = [:]
        var slotSizes: [Int: Int] = [:]
        for owner in authoring?.owners ?? [] {
            switch owner {
            case .phrase(let rule), .anchor(let rule): counts[rules[rule].id, default: 0] += 1
            case .guardPhrase(let index): counts[guards[index].id, default: 0] += 1
            case .slot(let slot): slotSizes[slot, default: 0] += 1
            }
        }
        for phrase in gapPhrases {
            let id: String
            switch phrase.owner {
            case .rule(let rule): id = rules[rule].id
            case .guardPhrase(let index): id = guards[index].id
            }
            counts[id, default: 0] += phrase.slots.reduce(0) { $0 + (slotSizes[$1] ?? 0) }
        }
        return counts.map { (id: $0.key, literals: $0.value) }.sorted { $0.literals > $1.literals }
    }
    public func topic(_ id: String) -> Topic? { topics.first { $0.id == id } }
}

/// What only the rule tools read: every literal as added, duplicates included, and its owner.
///
/// Matching needs none of it, and it is about half of a compiled set's size, so snapshots (which
/// serve `reflect`, `chat` and nothing else: the rule tools compile afresh) leave it out.
struct AuthoringTables: Sendable {
    let owners: [PatternOwner]
    let literals: LiteralTable
}

/// A pattern category such as `criticism`, with its rules, guards and prompts.
public struct Category: Sendable {
    public let id: String
    public let title: String
    public let priority: Int
    /// Topic ids of the article sections the category draws on.
    public let sections: [String]
    public let prompts: [Prompt]
    /// Prompts for the turn after this category's prompt (used by the dialogue layer).
    public let followUps: [Prompt]
    public let ruleIndices: [Int]
    public let guardIndices: [Int]
    public let mustMatch: [Located<String>]
    public let mustNotMatch: [Located<String>]
    public let location: SourceLocation
}

/// One detection rule: phrases, or a regex behind a literal anchor.
public struct Rule: Sendable {
    public let id: String
    public let categoryIndex: Int
    public let weight: Double
    public let phrases: [Located<String>]
    public let regexSource: Located<String>?
    public let examples: [Located<String>]
    /// Messages this very rule must not fire on: the near misses its author thought of.
    public let counterExamples: [Located<String>]
    public let location: SourceLocation
    let regex: LinearRegex?
}

/// Something that, near a rule's match, changes what it means ("I'm not saying…", "what if…").
public struct Guard: Sendable {
    /// Where the guard's phrase must stand, relative to the rule's match.
    public enum Scope: Sendable, Equatable {
        /// Before the match in the same clause, at most `window` words earlier, with no "but" in between.
        case before(window: Int)
        /// After the match in the same clause, at most `window` words later.
        case after(window: Int)
        /// Anywhere in the same clause.
        case clause
        /// Anywhere in the message.
        case message
    }

    /// What the guard does to a match it covers.
    public enum Effect: String, Sendable {
        case suppress, lower
    }

    public let id: String
    /// The category it belongs to, or nil for a lexicon guard that applies to every category.
    public let categoryIndex: Int?
    public let scope: Scope
    public let effect: Effect
    public let why: String
    public let phrases: [Located<String>]
    public let location: SourceLocation
}

/// A reply template, with the article section it draws on.
public struct Prompt: Sendable, Equatable {
    /// Stable id: the category id and the prompt's position, such as `criticism.3`.
    public let id: String
    public let text: String
    public let section: String
    /// Placeholder names used in the text (`clause`, `match`, `rest` or a regex group).
    public let placeholders: [String]
    public let location: SourceLocation
}

/// A section of the article, offered as a topic with tips.
public struct Topic: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    public let tips: [String]
}

/// The calm reply to a message that shows danger.
public struct SafetyResponse: Sendable {
    /// The response, with `{resources}` where the resources go.
    public let template: String
    /// The default resources text (config can replace it).
    public let resources: String
    public let sections: [String]

    /// The response with the given resources (or the default ones).
    public func text(resources override: String? = nil) -> String {
        template.replacingPlaceholder("resources", with: override ?? resources)
    }
}

/// The automaton's literals end to end in one array: thousands of small arrays would each cost
/// a heap block.
struct LiteralTable: Sendable {
    let bytes: [UInt8]
    /// Where each literal ends in `bytes`.
    let ends: [Int32]

    init(_ literals: [[UInt8]]) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        ends.reserveCapacity(literals.count)
        for literal in literals {
            bytes += literal
            ends.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// Restores a saved table; nil unless the ends rise within the bytes.
    init?(bytes: [UInt8], ends: [Int32]) {
        var previous: Int32 = 0
        for end in ends {
            guard end >= previous else { return nil }
            previous = end
        }
        guard Int(previous) == bytes.count else { return nil }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])]
    }
}

/// Who owns a literal in the automaton.
enum PatternOwner: Sendable {
    /// A whole phrase of a rule.
    case phrase(rule: Int)
    /// One segment of a phrase with `...` gaps.
    case slot(Int)
    /// A guard's phrase.
    case guardPhrase(guard: Int)
    /// The literal anchor of a regex rule.
    case anchor(rule: Int)
}

/// The owners of each distinct automaton literal, so a literal shared by many phrases and slots
/// is found and reported once per place in a message, not once per copy.
struct LiteralOwners: Sendable {
    /// The owner codes (``PatternOwner/code``) of each literal, in the order the literals were
    /// added. This is what a snapshot saves; the rest is derived.
    let all: FlatLists
    /// The owners other than slots (phrases, guard phrases, anchors), in the order added: what a
    /// match reports straight away.
    let direct: FlatLists
    /// The slots a literal belongs to, sorted, for ``owns(_:_:)`` (" you " is in over 30).
    let slots: FlatLists
    /// Per literal, what a match reports at once, packed so a match touches one small entry.
    let matches: [MatchInfo]

    /// What a match of a literal reports: its direct owners (most literals have one) and the
    /// slots it belongs to, in 16 bytes.
    struct MatchInfo: Sendable {
        /// The owner code when `directCount` is 1, else where the owners start in `direct.values`.
        var direct: Int32
        var directCount: Int32
        /// Bit `slot % 64` set for each slot it belongs to (0: in no slot). Most "is it in this
        /// slot?" questions are answered from this entry, which the scan has just read.
        var slotMask: UInt64

        var inSlot: Bool { slotMask != 0 }
    }

    /// Merges equal literals; their owners keep the order in which the literals were added.
    static func grouping(_ literals: [[UInt8]], _ owners: [PatternOwner]) -> (distinct: [[UInt8]], owners: LiteralOwners) {
        var index: [[UInt8]: Int] = [:]
        var distinct: [[UInt8]] = []
        var members: [[Int32]] = []
        for (position, literal) in literals.enumerated() {
            if let existing = index[literal] {
                members[existing].append(owners[position].code)
            } else {
                index[literal] = distinct.count
                distinct.append(literal)
                members.append([owners[position].code])
            }
        }
        return (distinct, LiteralOwners(FlatLists(members)))
    }

    init(_ all: FlatLists) {
        self.all = all
        // Built straight into flat arrays: a snapshot restore does this for every literal at start-up.
        let literals = 0..<all.count
        let direct = FlatLists(count: literals.count) { literal, values in
            for code in all.values[all.range(of: literal)] where !PatternOwner.isSlot(code) { values.append(code) }
        }
        let slots = FlatLists(count: literals.count) { literal, values in
            let begin = values.count
            for code in all.values[all.range(of: literal)] where PatternOwner.isSlot(code) { values.append(code) }
            values[begin...].sort()
        }
        self.direct = direct
        self.slots = slots
        matches = literals.map { literal in
            let owners = direct.range(of: literal)
            return MatchInfo(
                direct: owners.count == 1 ? direct.values[owners.lowerBound] : Int32(owners.lowerBound), directCount: Int32(owners.count),
                slotMask: slots.values[slots.range(of: literal)].reduce(0) { $0 | Self.slotBit($1) })
        }
    }

    /// Restores a saved table; nil unless it is well formed and every literal has an owner.
    init?(restoring starts: [Int32], codes: [Int32]) {
        guard let all = FlatLists(restoring: starts, values: codes), (0..<all.count).allSatisfy({ !all.range(of: $0).isEmpty }) else {
            return nil
        }
        self.init(all)
    }

    /// Number of distinct literals.
    var count: Int { all.count }

    static func slotBit(_ code: Int32) -> UInt64 { 1 << UInt64((code >> 2) & 63) }

    /// Whether `literal` belongs to the slot with this code.
    func owns(_ literal: Int, _ code: Int32) -> Bool { withSlotView { $0.owns(literal, code) } }

    /// Runs `body` with a view of the slot tables that reads them in place (a copy of the whole
    /// table would retain seven arrays, once per message).
    func withSlotView<Result>(_ body: (SlotView) -> Result) -> Result {
        matches.withUnsafeBufferPointer { matches in
            slots.starts.withUnsafeBufferPointer { starts in
                slots.values.withUnsafeBufferPointer { values in
                    body(SlotView(matches: matches, starts: starts, values: values))
                }
            }
        }
    }

    /// Slot membership, read in place. Valid only inside ``withSlotView(_:)``.
    struct SlotView {
        let matches: UnsafeBufferPointer<MatchInfo>
        let starts: UnsafeBufferPointer<Int32>
        let values: UnsafeBufferPointer<Int32>

        /// Whether `literal` belongs to the slot with this code.
        func owns(_ literal: Int, _ code: Int32) -> Bool {
            guard matches[literal].slotMask & LiteralOwners.slotBit(code) != 0 else { return false }
            let list = UnsafeBufferPointer(rebasing: values[Int(starts[literal])..<Int(starts[literal + 1])])
            let position = list.partitioningIndex { $0 >= code }
            return position < list.endIndex && list[position] == code
        }
    }
}

/// Lists of numbers end to end: list `i` is `values[starts[i]..<starts[i + 1]]` (two heap blocks
/// in all, where an array of arrays costs one per list).
struct FlatLists: Sendable {
    let starts: [Int32]
    let values: [Int32]

    init(_ lists: [[Int32]]) {
        self.init(count: lists.count) { index, values in values += lists[index] }
    }

    /// Restores saved lists; nil unless the starts rise from 0 to the end of `values`.
    init?(restoring starts: [Int32], values: [Int32]) {
        guard starts.first == 0, Int(starts.last ?? -1) == values.count, zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            return nil
        }
        self.starts = starts
        self.values = values
    }

    /// Builds `count` lists, letting `fill(index, &values)` append list `index`'s values.
    init(count: Int, _ fill: (_ index: Int, _ values: inout [Int32]) -> Void) {
        var starts: [Int32] = [0]
        var values: [Int32] = []
        starts.reserveCapacity(count + 1)
        for index in 0..<count {
            fill(index, &values)
            starts.append(Int32(values.count))
        }
        self.starts = starts
        self.values = values
    }

    var count: Int { starts.count - 1 }

    /// Positions in `values` of list `index`.
    func range(of index: Int) -> Range<Int> { Int(starts[index])..<Int(starts[index + 1]) }
}

extension PatternOwner {
    /// The owner in one number (kind in the low two bits), as the automaton reports it.
    var code: Int32 {
        switch self {
        case .phrase(let rule): Int32(rule) << 2
        case .slot(let slot): Int32(slot) << 2 | 1
        case .guardPhrase(let index): Int32(index) << 2 | 2
        case .anchor(let rule): Int32(rule) << 2 | 3
        }
    }

    /// Whether an owner code is a slot's (without decoding it).
    static func isSlot(_ code: Int32) -> Bool { code & 3 == 1 }

    init(code: Int) {
        let index = code >> 2
        switch code & 3 {
        case 0: self = .phrase(rule: index)
        case 1: self = .slot(index)
        case 2: self = .guardPhrase(guard: index)
        default: self = .anchor(rule: index)
        }
    }
}

/// A phrase matched in slots: each slot's match must start at most `gaps[i]` words after the
/// previous slot's match ends (0 for side by side, more across a `...`), in the same clause.
struct GapPhrase: Sendable {
    enum Owner: Sendable {
        case rule(Int)
        case guardPhrase(Int)
    }

    let owner: Owner
    /// The slot ids, in order; identical slots of different phrases share an id.
    let slots: [Int]
    let gaps: [Int]
    /// The slot whose match starts the check: the one shared by the fewest phrases, so a common
    /// word such as "you" does not wake every phrase that starts with {partner}.
    var trigger: Int
}

extension String {
    /// Replaces every `{name}` with `value`; byte by byte, since Foundation's `range(of:)`
    /// showed up in a batch profile.
    func replacingPlaceholder(_ name: String, with value: String) -> String {
        let token = Array("{\(name)}".utf8)
        let source = Array(utf8)
        var result: [UInt8] = []
        var index = 0
        var copied = 0
        while index + token.count <= source.count {
            if source[index] == token[0], source[index..<(index + token.count)].elementsEqual(token) {
                result += source[copied..<index]
                result += value.utf8
                index += token.count
                copied = index
            } else {
                index += 1
            }
        }
        if copied == 0 { return self }
        result += source[copied...]
        return String(decoding: result, as: UTF8.self)
    }
}

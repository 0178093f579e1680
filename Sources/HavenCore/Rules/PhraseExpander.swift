import Foundation

/// Expands the phrase syntax of rule files into plain word sequences.
///
/// - `{partner}` stands for every phrase of the lexicon set `partner`;
/// - `(listen|listens|pay attention)` is one of several alternatives;
/// - `[really]` is optional;
/// - `...` (on its own) is a gap of up to a few words, splitting the phrase into segments.
///
/// Expansion multiplies: `{partner} (is|are) [so] (lazy|selfish|…)` would be hundreds of
/// literals. So a phrase is cut into *slots* of at most ``slotVariants`` variants each; the
/// matcher then checks that the slots' matches stand side by side. Literal count grows with
/// the sum of the slots, not their product.
///
/// Every way a rule file could make expansion explode is bounded by ``RuleLimits``: nesting
/// (the parser recurses once per group), the variants of one slot (set members count, so YAML
/// aliases repeating a member cannot multiply unseen), and the literals a phrase may add.
struct PhraseExpander {
    static let slotVariants = 16
    /// Most words allowed between the two sides of a `...`.
    static let gapWords = 4

    /// A run of words that must match one of `variants`, `gapBefore` words at most after the previous slot.
    struct Slot: Sendable {
        var variants: [String]
        var gapBefore: Int
    }

    let sets: [String: [String]]
    let limits: RuleLimits
    /// Turns one written word into its normalised form ("don't" → "do not"); run once per distinct word.
    let normalizeWord: (String) -> String
    private let cache = WordCache()

    /// Normalised words by their written form, shared by every phrase of one load.
    final class WordCache {
        var words: [String: String] = [:]
    }

    init(sets: [String: [String]], limits: RuleLimits = .standard, normalizeWord: @escaping (String) -> String = { $0 })
    {
        self.sets = sets
        self.limits = limits
        self.normalizeWord = normalizeWord
    }

    struct Failure: Error {
        var message: String
        /// The phrase would add more than the `budget` it was given; the caller says whose limit that is.
        var overBudget = false
        /// The finding's code: phrase syntax unless said otherwise.
        var code: DiagnosticCode = .phraseSyntax
    }

    /// The phrase's slots, each a list of variants in raw (not yet normalised) text.
    ///
    /// - Parameter budget: the most variants the phrase may have in all its slots together; it
    ///   is checked as each slot is finished, so a phrase past it stops expanding there.
    func expand(_ phrase: String, budget: Int = .max) throws(Failure) -> [Slot] {
        let segments = Self.segments(of: phrase)
        if segments.contains(where: \.isEmpty) {
            throw Failure(message: "'...' must stand between words, not at the start or end of '\(phrase.excerpt)'")
        }
        var slots: [Slot] = []
        var spent = 0
        for (index, segment) in segments.enumerated() {
            let context = Context(
                phrase: phrase, sets: sets, limits: limits, cache: cache, normalizeWord: normalizeWord)
            var parser = Parser(scalars: segment, context: context, depth: 0)
            parser.slotLimit = Self.slotVariants
            parser.budget = budget - spent
            var segmentSlots = try parser.slots()
            spent += segmentSlots.reduce(0) { $0 + $1.count }
            if parser.position < parser.scalars.count {
                throw Failure(message: "unbalanced '\(parser.scalars[parser.position])' in '\(phrase.excerpt)'")
            }
            segmentSlots = segmentSlots.map {
                $0.filter { variant in variant.utf8.contains { $0 != UInt8(ascii: " ") } }
            }
            if segmentSlots.isEmpty || segmentSlots.contains(where: \.isEmpty) {
                throw Failure(message: "'\(phrase.excerpt)' has a part with no words")
            }
            for (slotIndex, variants) in segmentSlots.enumerated() {
                slots.append(Slot(variants: variants, gapBefore: slotIndex == 0 && index > 0 ? Self.gapWords : 0))
            }
        }
        return slots
    }

    /// The phrase cut at each `...`, each part without outer spaces.
    static func segments(of phrase: String) -> [[Unicode.Scalar]] {
        let scalars = Array(phrase.unicodeScalars)
        var segments: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var index = 0
        func flush() {
            var part = current[...]
            while part.first == " " { part = part.dropFirst() }
            while part.last == " " { part = part.dropLast() }
            segments.append(Array(part))
            current.removeAll()
        }
        while index < scalars.count {
            if index + 2 < scalars.count, scalars[index] == ".", scalars[index + 1] == ".", scalars[index + 2] == "." {
                flush()
                index += 3
            } else {
                current.append(scalars[index])
                index += 1
            }
        }
        flush()
        return segments
    }

    /// What every parser of one phrase shares, the nested ones of its sets included.
    private struct Context {
        let phrase: String
        let sets: [String: [String]]
        let limits: RuleLimits
        let cache: WordCache
        let normalizeWord: (String) -> String
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let context: Context
        let depth: Int
        var position = 0
        /// At the top level, a new slot starts when the variants would pass this count.
        var slotLimit = Int.max
        var finishedSlots: [[String]] = []
        /// The variants the finished slots may still add up to.
        var budget = Int.max
        /// How deep inside ( ) or [ ] the parser is: slots are only cut at the top level.
        var nesting = 0

        init(scalars: [Unicode.Scalar], context: Context, depth: Int) {
            self.scalars = scalars
            self.context = context
            self.depth = depth
        }

        /// Parses the top level into slots.
        mutating func slots() throws(Failure) -> [[String]] {
            let last = try sequence()
            try spend(last.count)
            if last == [""] && !finishedSlots.isEmpty { return finishedSlots }
            if last.contains(""), var previous = finishedSlots.popLast() {
                // Trailing optional words join the slot before them.
                previous = previous.flatMap { left in last.map { right in right.isEmpty ? left : left + " " + right } }
                return finishedSlots + [previous]
            }
            return finishedSlots + [last]
        }

        mutating func finish(_ slot: [String]) throws(Failure) {
            try spend(slot.count)
            finishedSlots.append(slot)
        }

        mutating func spend(_ variants: Int) throws(Failure) {
            budget -= variants
            if budget < 0 { throw Failure(message: "", overBudget: true) }
        }

        mutating func sequence() throws(Failure) -> [String] {
            var variants = [""]
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == ")" || scalar == "|" || scalar == "]" { break }
                let item: [String]
                switch scalar {
                case " ":
                    position += 1
                    continue
                case "(":
                    position += 1
                    item = try alternatives(closing: ")")
                case "[":
                    position += 1
                    item = try alternatives(closing: "]") + [""]
                case "{":
                    item = try setReference()
                    // At the top level a set is a slot of its own: sets are shared by many phrases,
                    // so its literals are stored once instead of once per phrase.
                    // An optional word before it stays with it (a slot must never be able to match nothing).
                    if nesting == 0, slotLimit != Int.max, !item.contains(""),
                        variants == [""] || !variants.contains("")
                    {
                        if variants != [""] {
                            try finish(variants)
                        }
                        try finish(item)
                        variants = [""]
                        continue
                    }
                case "}":
                    throw Failure(message: "'}' without '{'")
                case "?", "*", "+", "\\", "^", "$":
                    throw Failure(
                        message:
                            "'\(scalar)' is regex syntax, not phrase syntax: write [word] for an optional word, or use 'regex:'"
                    )
                default:
                    var word = ""
                    while position < scalars.count, !" ()[]{}|?*+\\^$".unicodeScalars.contains(scalars[position]) {
                        word.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                    if let known = context.cache.words[word] {
                        item = [known]
                    } else {
                        let normalized = context.normalizeWord(word)
                        context.cache.words[word] = normalized
                        item = [normalized]
                    }
                }
                // Cut a new slot only at the top level, and never so that a slot could match nothing
                // (an optional word must stay joined to a word that is not optional).
                if nesting == 0, variants.count * item.count > slotLimit, !variants.contains(""), !item.contains("") {
                    try finish(variants)
                    variants = [""]
                }
                var combined: [String] = []
                combined.reserveCapacity(variants.count * item.count)
                for left in variants {
                    for right in item {
                        combined.append(left.isEmpty ? right : right.isEmpty ? left : left + " " + right)
                    }
                }
                if combined.count > context.limits.variants {
                    throw Failure(
                        message:
                            "phrase expands to more than \(context.limits.variants) variants; split it into several phrases",
                        code: .limitExceeded)
                }
                variants = combined
            }
            return variants
        }

        mutating func alternatives(closing: Unicode.Scalar) throws(Failure) -> [String] {
            nesting += 1
            defer { nesting -= 1 }
            // Each level is a recursion: fifty thousand of them overflowed the stack.
            guard nesting <= context.limits.nesting else {
                throw Failure(
                    message:
                        "phrase nests ( ) and [ ] more than \(context.limits.nesting) deep: '\(context.phrase.excerpt)'",
                    code: .limitExceeded)
            }
            var result = try sequence()
            while position < scalars.count, scalars[position] == "|" {
                position += 1
                result += try sequence()
            }
            guard position < scalars.count, scalars[position] == closing else {
                throw Failure(message: "missing '\(closing)'")
            }
            position += 1
            return result
        }

        mutating func setReference() throws(Failure) -> [String] {
            position += 1
            var name = ""
            while position < scalars.count, scalars[position] != "}" {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position < scalars.count else { throw Failure(message: "missing '}' after '{\(name)'") }
            position += 1
            name = String(name.filter { $0 != " " })
            guard let members = context.sets[name] else {
                throw Failure(
                    message: "unknown set '{\(name)}'\(Suggestion.hint(for: name, in: context.sets.keys))",
                    code: .unknownSet)
            }
            guard depth < 4 else { throw Failure(message: "sets nest too deeply at '{\(name)}'") }
            var result: [String] = []
            for member in members {
                var inner = Parser(scalars: Array(member.unicodeScalars), context: context, depth: depth + 1)
                result += try inner.sequence()
                // Members add up: a set of aliases repeating one large member would otherwise grow unseen.
                if result.count > context.limits.variants {
                    throw Failure(
                        message:
                            "set '{\(name)}' expands to more than \(context.limits.variants) variants in phrase '\(context.phrase.excerpt)'; split it into smaller sets",
                        code: .limitExceeded)
                }
            }
            return result
        }
    }
}

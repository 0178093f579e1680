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
struct PhraseExpander {
    static let maxVariants = 5_000
    static let slotVariants = 16
    /// Most words allowed between the two sides of a `...`.
    static let gapWords = 4

    /// A run of words that must match one of `variants`, `gapBefore` words at most after the previous slot.
    struct Slot: Sendable {
        var variants: [String]
        var gapBefore: Int
    }

    let sets: [String: [String]]
    /// Turns one written word into its normalised form ("don't" → "do not"); run once per distinct word.
    let normalizeWord: (String) -> String
    private let cache = WordCache()

    /// Normalised words by their written form, shared by every phrase of one load.
    final class WordCache {
        var words: [String: String] = [:]
    }

    init(sets: [String: [String]], normalizeWord: @escaping (String) -> String = { $0 }) {
        self.sets = sets
        self.normalizeWord = normalizeWord
    }

    struct Failure: Error {
        var message: String
    }

    /// The phrase's slots, each a list of variants in raw (not yet normalised) text.
    func expand(_ phrase: String) throws(Failure) -> [Slot] {
        let segments = Self.segments(of: phrase)
        if segments.contains(where: \.isEmpty) {
            throw Failure(message: "'...' must stand between words, not at the start or end of '\(phrase)'")
        }
        var slots: [Slot] = []
        for (index, segment) in segments.enumerated() {
            var parser = Parser(scalars: segment, sets: sets, depth: 0, cache: cache, normalizeWord: normalizeWord)
            parser.slotLimit = Self.slotVariants
            var segmentSlots = try parser.slots()
            if parser.position < parser.scalars.count {
                throw Failure(message: "unbalanced '\(parser.scalars[parser.position])' in '\(phrase)'")
            }
            segmentSlots = segmentSlots.map { $0.filter { variant in variant.utf8.contains { $0 != UInt8(ascii: " ") } } }
            if segmentSlots.isEmpty || segmentSlots.contains(where: \.isEmpty) {
                throw Failure(message: "'\(phrase)' has a part with no words")
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

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let sets: [String: [String]]
        let depth: Int
        var position = 0
        /// At the top level, a new slot starts when the variants would pass this count.
        var slotLimit = Int.max
        var finishedSlots: [[String]] = []
        /// How deep inside ( ) or [ ] the parser is: slots are only cut at the top level.
        var nesting = 0

        /// Parses the top level into slots.
        mutating func slots() throws(Failure) -> [[String]] {
            let last = try sequence()
            if last == [""] && !finishedSlots.isEmpty { return finishedSlots }
            if last.contains(""), var previous = finishedSlots.popLast() {
                // Trailing optional words join the slot before them.
                previous = previous.flatMap { left in last.map { right in right.isEmpty ? left : left + " " + right } }
                return finishedSlots + [previous]
            }
            return finishedSlots + [last]
        }

        let cache: WordCache
        let normalizeWord: (String) -> String

        init(scalars: [Unicode.Scalar], sets: [String: [String]], depth: Int, cache: WordCache, normalizeWord: @escaping (String) -> String) {
            self.scalars = scalars
            self.sets = sets
            self.depth = depth
            self.cache = cache
            self.normalizeWord = normalizeWord
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
                    if nesting == 0, slotLimit != Int.max, !item.contains(""), variants == [""] || !variants.contains("") {
                        if variants != [""] {
                            finishedSlots.append(variants)
                        }
                        finishedSlots.append(item)
                        variants = [""]
                        continue
                    }
                case "}":
                    throw Failure(message: "'}' without '{'")
                case "?", "*", "+", "\\", "^", "$":
                    throw Failure(message: "'\(scalar)' is regex syntax, not phrase syntax: write [word] for an optional word, or use 'regex:'")
                default:
                    var word = ""
                    while position < scalars.count, !" ()[]{}|?*+\\^$".unicodeScalars.contains(scalars[position]) {
                        word.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                    if let known = cache.words[word] {
                        item = [known]
                    } else {
                        let normalized = normalizeWord(word)
                        cache.words[word] = normalized
                        item = [normalized]
                    }
                }
                // Cut a new slot only at the top level, and never so that a slot could match nothing
                // (an optional word must stay joined to a word that is not optional).
                if nesting == 0, variants.count * item.count > slotLimit, !variants.contains(""), !item.contains("") {
                    finishedSlots.append(variants)
                    variants = [""]
                }
                var combined: [String] = []
                combined.reserveCapacity(variants.count * item.count)
                for left in variants {
                    for right in item {
                        combined.append(left.isEmpty ? right : right.isEmpty ? left : left + " " + right)
                    }
                }
                if combined.count > PhraseExpander.maxVariants {
                    throw Failure(message: "phrase expands to more than \(PhraseExpander.maxVariants) variants; split it into several phrases")
                }
                variants = combined
            }
            return variants
        }

        mutating func alternatives(closing: Unicode.Scalar) throws(Failure) -> [String] {
            nesting += 1
            defer { nesting -= 1 }
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
            guard let members = sets[name] else {
                throw Failure(message: "unknown set '{\(name)}'\(Suggestion.hint(for: name, in: sets.keys))")
            }
            guard depth < 4 else { throw Failure(message: "sets nest too deeply at '{\(name)}'") }
            var result: [String] = []
            for member in members {
                var inner = Parser(scalars: Array(member.unicodeScalars), sets: sets, depth: depth + 1, cache: cache, normalizeWord: normalizeWord)
                result += try inner.sequence()
            }
            return result
        }
    }
}

import Foundation

@testable import HavenCore

/// One rule or guard phrase as the reference analyser reads it: the parts between `...` gaps,
/// each a sequence of items, each item every word list it can stand for.
///
/// Deliberately plain: no slots, no shared literals, no automaton. `(a|b)`, `[a]` and `{set}`
/// are expanded into word lists once, then matched word by word at every token.
struct ReferencePhrase {
    /// Every word list one position of a part can match (`[]` for a left-out optional).
    typealias Item = [[String]]

    /// The parts between `...` gaps, in order.
    let parts: [[Item]]

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `source` with the lexicon's sets; `normalize` turns one written word into its words.
    init(_ source: String, sets: [String: [String]], normalize: @escaping (String) -> [String]) throws {
        var parts: [[Item]] = []
        for part in source.components(separatedBy: "...") {
            var parser = Parser(scalars: Array(part.unicodeScalars), sets: sets, normalize: normalize)
            let items = try parser.items(depth: 0)
            guard parser.position == parser.scalars.count else { throw ParseError(description: "unbalanced '\(part)'") }
            parts.append(items)
        }
        self.parts = parts
        // The words the phrase can start with: those of its first item, and of the next while items are optional.
        var first = Set<String>()
        for item in parts.first ?? [] {
            for alternative in item { if let word = alternative.first { first.insert(word) } }
            if !item.contains([]) { break }
        }
        firstWords = first
    }

    /// The words a match can start with (a shortcut: other tokens cannot start one).
    let firstWords: Set<String>

    /// Most other words a `...` stands for, as the guide says (its own number, not the engine's
    /// constant, so a change to either shows as a disagreement).
    static let gapWords = 4

    /// Every span `start..<end` the phrase matches in `text`, tried at every token: each part's
    /// words side by side, each part starting at most ``gapWords`` words after the previous one
    /// ends, all in one clause.
    func matches(in text: NormalizedText, words: [String]) -> Set<Range<Int>> {
        var spans = Set<Range<Int>>()
        for start in words.indices where firstWords.contains(words[start]) {
            for end in ends(of: 0, from: start, words: words, text: text) { spans.insert(start..<end) }
        }
        return spans
    }

    /// Where the phrase can end when part `index` starts at `start`.
    private func ends(of index: Int, from start: Int, words: [String], text: NormalizedText) -> [Int] {
        var result: [Int] = []
        for end in Self.ends(of: parts[index], from: start, words: words) where end > start {
            if index == parts.count - 1 {
                result.append(end)
                continue
            }
            // The gap: 0 to 4 other words, none of them a clause break.
            for next in end...(end + Self.gapWords) where next <= words.count {
                if next > end && text.tokens[next - 1].isBreak { break }
                result += ends(of: index + 1, from: next, words: words, text: text)
            }
        }
        return result
    }

    /// Where a sequence of items can end when it starts at `start` (words side by side).
    private static func ends(of items: [Item], from start: Int, words: [String]) -> [Int] {
        var positions = [start]
        for item in items {
            var next: [Int] = []
            for position in positions {
                for alternative in item
                where position + alternative.count <= words.count && !next.contains(position + alternative.count) {
                    if words[position..<(position + alternative.count)].elementsEqual(alternative) {
                        next.append(position + alternative.count)
                    }
                }
            }
            if next.isEmpty { return [] }
            positions = next
        }
        return positions
    }

    /// Recursive descent over the phrase syntax of `Prompts/README.md` section 3.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        let sets: [String: [String]]
        let normalize: (String) -> [String]
        var position = 0

        init(scalars: [Unicode.Scalar], sets: [String: [String]], normalize: @escaping (String) -> [String]) {
            self.scalars = scalars
            self.sets = sets
            self.normalize = normalize
        }

        /// Items up to the end, a `|` or a closing bracket.
        mutating func items(depth: Int) throws -> [Item] {
            var items: [Item] = []
            while position < scalars.count {
                let scalar = scalars[position]
                switch scalar {
                case ")", "]", "|":
                    return items
                case " ":
                    position += 1
                case "(":
                    position += 1
                    items.append(try alternatives(closing: ")", depth: depth))
                case "[":
                    position += 1
                    items.append(try alternatives(closing: "]", depth: depth) + [[]])
                case "{":
                    position += 1
                    var name = ""
                    while position < scalars.count, scalars[position] != "}" {
                        name.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                    position += 1
                    guard let members = sets[name.filter { $0 != " " }] else {
                        throw ParseError(description: "unknown set \(name)")
                    }
                    var item: Item = []
                    for member in members {
                        var inner = Parser(scalars: Array(member.unicodeScalars), sets: sets, normalize: normalize)
                        item += Self.expand(try inner.items(depth: depth + 1))
                    }
                    items.append(item)
                default:
                    var word = ""
                    while position < scalars.count, !" ()[]{}|".unicodeScalars.contains(scalars[position]) {
                        word.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                    items.append([normalize(word)])
                }
            }
            return items
        }

        /// `a|b c|…` up to `closing`, each alternative expanded into word lists.
        mutating func alternatives(closing: Unicode.Scalar, depth: Int) throws -> Item {
            var result: Item = []
            while true {
                result += Self.expand(try items(depth: depth))
                guard position < scalars.count else { throw ParseError(description: "missing \(closing)") }
                let scalar = scalars[position]
                position += 1
                if scalar == closing { return result }
                guard scalar == "|" else { throw ParseError(description: "unexpected \(scalar)") }
            }
        }

        /// Every word list a sequence of items can stand for.
        static func expand(_ items: [Item]) -> [[String]] {
            items.reduce([[]]) { lists, item in lists.flatMap { left in item.map { left + $0 } } }
        }
    }
}

import Foundation
import Yams

/// A value from a rule file together with where it was written.
package struct Located<Value: Sendable>: Sendable {
    package var value: Value
    package var location: SourceLocation
}

extension Located: Equatable where Value: Equatable {}

/// Walks a composed YAML tree, reporting type errors, unknown keys and missing keys with their positions.
///
/// Yams' `Decodable` support reports type errors with a coding path only; walking the
/// composed nodes keeps a line and column for every value, which is what a therapist
/// editing a file needs.
struct YAMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Composes `text`, reporting a syntax error as a diagnostic.
    mutating func compose(_ text: String) -> Node? {
        do {
            // The basic resolver reads every scalar as text (the reader converts numbers itself), which
            // skips the regexes Yams runs to guess each scalar's type.
            guard let node = try Yams.compose(yaml: text, Resolver.basic) else {
                error(.emptyFile, "the file is empty", at: SourceLocation(file: file, line: 1, column: 1))
                return nil
            }
            return node
        } catch let yamlError as YamlError {
            let (message, line, column) = Self.describe(yamlError)
            let code: DiagnosticCode =
                if case .duplicatedKeysInMapping = yamlError { .duplicateKey } else { .yamlSyntax }
            error(code, "YAML syntax error: \(message)", at: SourceLocation(file: file, line: line, column: column))
        } catch {
            self.error(.yamlSyntax, "YAML syntax error", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return nil
    }

    static func describe(_ error: YamlError) -> (String, Int, Int) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // libyaml stops at 1,000 levels (so deep YAML never reaches Yams' recursive composer);
            // its own words name a C function a therapist cannot call.
            if problem.hasPrefix("Maximum nesting level reached") {
                return ("lists and mappings nest more than 1000 deep", mark.line, mark.column)
            }
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return (text, mark.line, mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(keys)", context.mark.line, context.mark.column)
        case .reader(let problem, _, _, _):
            return (problem, 1, 1)
        default:
            return ("\(error)", 1, 1)
        }
    }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, code, message, at: location))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.warning, code, message, at: location))
    }

    /// Reads a mapping, reporting keys that are not in `allowed` and `required` keys that are missing.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String], required: [String] = []) -> [String: Node]? {
        guard let mapping = node.mapping else {
            error(.wrongType, "\(what) must be a mapping of 'key: value' lines", at: location(node))
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                error(.wrongType, "keys must be plain words", at: location(keyNode))
                continue
            }
            if allowed.contains(key) {
                result[key] = valueNode
            } else {
                error(
                    .unknownKey, "unknown key '\(key)' in \(what)\(Suggestion.hint(for: key, in: allowed))",
                    at: location(keyNode))
            }
        }
        for key in required where result[key] == nil {
            error(.missingKey, "\(what) is missing the required key '\(key)'", at: location(node))
        }
        return result
    }

    /// Reads a non-empty text scalar.
    mutating func string(_ node: Node?, _ what: String) -> Located<String>? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            error(.wrongType, "\(what) must be text", at: location(node))
            return nil
        }
        let text = scalar.string
        if text.allSatisfy(\.isWhitespace) {
            error(.emptyValue, "\(what) is empty", at: location(node))
            return nil
        }
        var place = location(node)
        // Point at the text itself, not at its opening quote.
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { place.column += 1 }
        return Located(value: text, location: place)
    }

    /// Reads a list of text scalars (a single scalar counts as a list of one).
    mutating func strings(_ node: Node?, _ what: String) -> [Located<String>] {
        guard let node else { return [] }
        if case .scalar = node { return string(node, what).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            error(.wrongType, "\(what) must be a list", at: location(node))
            return []
        }
        return sequence.compactMap { string($0, what) }
    }

    /// Reads a list of mappings.
    mutating func items(_ node: Node?, _ what: String) -> [Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            error(.wrongType, "\(what) must be a list (each item starts with '- ')", at: location(node))
            return []
        }
        return Array(sequence)
    }

    mutating func integer(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard let value = node.int, range.contains(value) else {
            error(
                .badValue,
                "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(node.string ?? "…")'",
                at: location(node))
            return nil
        }
        return value
    }

    mutating func number(_ node: Node?, _ what: String, in range: ClosedRange<Double>) -> Double? {
        guard let node else { return nil }
        guard let value = node.float ?? node.int.map(Double.init), range.contains(value) else {
            error(
                .badValue,
                "\(what) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(node.string ?? "…")'",
                at: location(node))
            return nil
        }
        return value
    }

    mutating func choice(_ node: Node?, _ what: String, among choices: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard choices.contains(text.value) else {
            error(
                .badValue,
                "\(what) must be one of \(choices.joined(separator: ", ")), not '\(text.value)'\(Suggestion.hint(for: text.value, in: choices))",
                at: text.location)
            return nil
        }
        return text.value
    }
}

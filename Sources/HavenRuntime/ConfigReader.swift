public import Foundation
public import HavenCore

/// Reads a JSON configuration by path, collecting every problem with its JSON path and code.
///
/// Every key is optional: a getter returns its default when the key is absent, and records
/// an error when the value has the wrong type. Keys present in the file but never asked for
/// are reported as unknown, with the closest known key as a hint.
public struct ConfigReader {
    private let root: JSONValue
    public private(set) var problems: [Diagnostic] = []
    private var known: Set<String> = []
    /// Where the variables the file names for secrets are looked up.
    public let environment: [String: String]

    /// Parses `data`; a syntax error becomes the one problem.
    ///
    /// - Parameter environment: where secrets' variables are checked; the process's own by default.
    public init(data: Data, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
            if case .object = root {
            } else {
                problems.append(Self.problem(.configMalformed, "$: the configuration must be a JSON object"))
            }
        } catch {
            root = .object([:])
            var detail = "not valid JSON"
            if case DecodingError.dataCorrupted(let context) = error {
                detail =
                    (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                    ?? context.debugDescription
            }
            problems.append(Self.problem(.configMalformed, "$: malformed JSON: \(detail)"))
        }
    }

    private func value(at path: String) -> JSONValue? {
        var current: JSONValue? = root
        for key in path.split(separator: ".") {
            guard case .object(let object)? = current else { return nil }
            current = object[String(key)]
        }
        return current
    }

    private mutating func mark(_ path: String) {
        var prefix = ""
        for key in path.split(separator: ".") {
            prefix = prefix.isEmpty ? String(key) : prefix + "." + key
            known.insert(prefix)
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
        case .array: "a list"
        case .object: "an object"
        }
    }

    public mutating func string(_ path: String, default fallback: String?) -> String? {
        mark(path)
        guard let raw = value(at: path), raw != .null else { return fallback }
        guard case .string(let string) = raw else {
            report(.configWrongType, "$.\(path): expected text, got \(Self.describe(raw))")
            return fallback
        }
        return string
    }

    public mutating func string(_ path: String, default fallback: String) -> String {
        string(path, default: Optional(fallback)) ?? fallback
    }

    public mutating func choice(_ path: String, among choices: [String], default fallback: String) -> String {
        let text = string(path, default: fallback)
        guard choices.contains(text) else {
            report(.configBadValue, "$.\(path): expected one of \(choices.joined(separator: ", ")), got \"\(text)\"")
            return fallback
        }
        return text
    }

    public mutating func integer(_ path: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        mark(path)
        guard let raw = value(at: path), raw != .null else { return fallback }
        guard case .number(let number) = raw, number.rounded() == number, abs(number) < 1e15 else {
            report(.configWrongType, "$.\(path): expected a whole number, got \(Self.describe(raw))")
            return fallback
        }
        guard range.contains(Int(number)) else {
            report(
                .configBadValue,
                "$.\(path): expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(Int(number))"
            )
            return fallback
        }
        return Int(number)
    }

    public mutating func bool(_ path: String, default fallback: Bool) -> Bool {
        mark(path)
        guard let raw = value(at: path), raw != .null else { return fallback }
        guard case .bool(let flag) = raw else {
            report(.configWrongType, "$.\(path): expected true or false, got \(Self.describe(raw))")
            return fallback
        }
        return flag
    }

    public mutating func strings(_ path: String, default fallback: [String]) -> [String] {
        mark(path)
        guard let raw = value(at: path), raw != .null else { return fallback }
        guard case .array(let list) = raw else {
            report(.configWrongType, "$.\(path): expected a list of text, got \(Self.describe(raw))")
            return fallback
        }
        var strings: [String] = []
        for (index, item) in list.enumerated() {
            guard case .string(let string) = item else {
                report(.configWrongType, "$.\(path)[\(index)]: expected text, got \(Self.describe(item))")
                continue
            }
            strings.append(string)
        }
        return strings
    }

    /// Marks an object path as known (its own keys are checked by the getters).
    public mutating func object(_ path: String) {
        mark(path)
        if let raw = value(at: path), raw != .null {
            if case .object = raw { return }
            report(.configWrongType, "$.\(path): expected an object, got \(Self.describe(raw))")
        }
    }

    /// The keys of the object at `path`, sorted (empty when it is absent or not an object).
    public func keys(_ path: String) -> [String] {
        guard case .object(let object)? = value(at: path) else { return [] }
        return object.keys.sorted()
    }

    /// Whether the file has a non-null value at `path`.
    public func isPresent(_ path: String) -> Bool {
        guard let raw = value(at: path) else { return false }
        return raw != .null
    }

    /// The value of the environment variable named at `path`, or nil after reporting why not.
    ///
    /// Reported by name, never by value; and a name that is not a variable name is not echoed at
    /// all: it is most likely the secret itself, pasted where its variable's name belongs.
    public mutating func environmentValue(named variable: String, at path: String) -> String? {
        guard Self.isVariableName(variable) else {
            report(
                .configEnvironment,
                "$.\(path): expected the name of an environment variable (letters, digits and '_'); put the secret itself in the environment, never in the file"
            )
            return nil
        }
        guard let value = environment[variable], !value.isEmpty else {
            report(.configEnvironment, "$.\(path): the environment variable '\(variable)' is not set")
            return nil
        }
        return value
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            text.utf8.count <= 128
        else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// Records a problem found by a check across several keys.
    public mutating func report(_ code: DiagnosticCode, _ problem: String) {
        problems.append(Self.problem(code, problem))
    }

    /// A problem as a diagnostic: the reader knows JSON paths, not lines, so the path leads the
    /// message and the printer puts the file's name in front.
    public static func problem(_ code: DiagnosticCode, _ message: String) -> Diagnostic {
        Diagnostic(.error, code, message, at: nil)
    }

    /// Reports keys in the file that no getter asked for.
    public mutating func reportUnknownKeys() {
        func walk(_ value: JSONValue, _ prefix: String) {
            guard case .object(let object) = value else { return }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if known.contains(path) {
                    walk(child, path)
                } else {
                    let siblings = known.filter { candidate in
                        let parent = candidate.split(separator: ".").dropLast().joined(separator: ".")
                        return parent == prefix
                    }.map { String($0.split(separator: ".").last ?? "") }
                    let hint = Suggestion.closest(to: key, in: siblings).map { " (did you mean '\($0)'?)" } ?? ""
                    report(.configUnknownKey, "$.\(path): unknown key\(hint)")
                }
            }
        }
        walk(root, "")
    }
}

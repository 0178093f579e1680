/// A finding about something a person wrote (a rule file, a config file), with where it is.
///
/// Printed the way compilers print, so editors can jump to it, with its code in brackets the way
/// clang prints a warning's flag:
/// `Prompts/criticism.yaml:12:7: error: unknown key 'phrase' (did you mean 'phrases'?) [unknown-key]`.
/// The code is stable: `haven rules lint --explain CODE` explains it, and
/// `# haven-lint-ignore: CODE` silences a warning with it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case note, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// The stable code, explained by `haven rules lint --explain CODE`.
    public var code: DiagnosticCode
    /// What is wrong, quoting the bad value.
    public var message: String
    /// Where, when it belongs to a place in a file.
    public var location: SourceLocation?

    /// A finding.
    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message) [\(code)]" }
        return "\(severity.rawValue): \(message) [\(code)]"
    }
}

/// A position in a file: 1-based line and column.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file name.
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// A place in a file.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

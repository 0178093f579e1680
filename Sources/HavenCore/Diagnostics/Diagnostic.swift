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

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation?

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
    public var file: String
    public var line: Int
    public var column: Int

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

public import HavenCore

#if canImport(Glibc)
    import Glibc
#endif

/// The core of `haven check`: one message in (arguments or the whole of standard input), its
/// report out.
public enum CheckRun {
    /// Whether to colour the report: only when standard output is a terminal and `NO_COLOR`
    /// is unset or empty (https://no-color.org).
    public static func wantsColour(environment: [String: String]) -> Bool {
        guard isatty(1) != 0 else { return false }
        return (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Checks `message` and writes the report.
    public static func one(
        _ message: String, rules: RuleSet, format: ReflectFormat, colour: Bool, resources: String?,
        output: inout OutputWriter
    ) {
        let report = rules.check(message, resources: resources)
        switch format {
        case .text: output.buffer.append(contentsOf: report.text(colour: colour).utf8)
        case .jsonl: report.jsonLine(into: &output.buffer)
        }
    }

    /// Reads all of standard input as one message and checks it.
    public static func run(
        rules: RuleSet, input: inout InputReader, format: ReflectFormat, colour: Bool, resources: String?,
        output: inout OutputWriter
    ) throws(FrontendError) -> ReflectRun.Summary {
        let message = input.readAll()
        if let error = input.readError { throw error }
        if message.allSatisfy(\.isWhitespace) { throw .emptyMessage }
        one(message, rules: rules, format: format, colour: colour, resources: resources, output: &output)
        try output.flush()
        var summary = ReflectRun.Summary()
        summary.messages = 1
        summary.firstInvalidLine = input.firstInvalidLine
        return summary
    }
}

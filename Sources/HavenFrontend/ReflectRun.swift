public import HavenCore

#if canImport(Glibc)
    import Glibc
#endif

/// How `haven reflect` prints.
public enum ReflectFormat: String, Sendable, CaseIterable {
    case text, jsonl
}

/// The core of `haven reflect`: messages in, one reply (or JSON record) per message out.
public enum ReflectRun {
    /// What a run did, for the exit status and warnings.
    public struct Summary: Sendable {
        public var messages = 0
        public var crisis = 0
        public var firstInvalidLine: Int?
    }

    /// Reflects one message.
    public static func one(
        _ message: String, rules: RuleSet, format: ReflectFormat, resources: String?, output: inout OutputWriter
    ) {
        let analysis = rules.analyze(message)
        let reply = rules.reply(to: analysis, resources: resources)
        switch format {
        case .text:
            output.buffer.append(contentsOf: reply.text.utf8)
            output.buffer.append(10)
        case .jsonl:
            ReflectionRecord.jsonLine(analysis, reply, stances: rules.stances(of: analysis), into: &output.buffer)
        }
    }

    /// Reflects standard input: the whole of it as one message, or each line as its own.
    ///
    /// With `eachLine`, a batch (standard input and output both not a terminal) shows a
    /// ``ProgressLine`` when standard error is a terminal; at a terminal the replies themselves show
    /// how far it got.
    public static func run(
        rules: RuleSet, input: inout InputReader, eachLine: Bool, format: ReflectFormat, resources: String?,
        output: inout OutputWriter
    ) throws(FrontendError) -> Summary {
        var summary = Summary()
        if eachLine {
            // At a terminal, answer each line as it comes; in a pipe, write in large blocks.
            let interactive = isatty(0) != 0 || isatty(1) != 0
            let progress = interactive ? nil : ProgressLine("reflecting")
            let size = progress == nil ? nil : regularFileSize(0)
            defer { progress?.finish() }
            while let line = input.nextLine() {
                one(line, rules: rules, format: format, resources: resources, output: &output)
                summary.messages += 1
                if interactive { try output.flush() } else { try output.flushIfNeeded() }
                progress?.update(summary.messages, fraction: size.map { Double(input.bytesConsumed) / Double($0) })
            }
            if let error = input.readError {
                try output.flush()
                throw error
            }
        } else {
            let message = input.readAll()
            if let error = input.readError { throw error }
            if message.allSatisfy(\.isWhitespace) { throw .emptyMessage }
            one(message, rules: rules, format: format, resources: resources, output: &output)
            summary.messages = 1
        }
        try output.flush()
        summary.firstInvalidLine = input.firstInvalidLine
        return summary
    }

    /// The size of the regular file open at `descriptor` (nil for a pipe, a terminal or an empty file).
    static func regularFileSize(_ descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 else {
            return nil
        }
        return Int(status.st_size)
    }
}

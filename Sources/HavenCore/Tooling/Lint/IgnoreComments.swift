/// `# haven-lint-ignore: CODE[, CODE…]` comments: each silences the warnings with those codes on
/// the line directly below it, and nothing else.
///
/// An ignore comment that silences nothing is itself a warning, so a comment cannot outlive the
/// finding it was written for; an error cannot be silenced (the rules would not load), and
/// saying so is a warning at the comment.
enum IgnoreComments {
    static let marker = "haven-lint-ignore:"

    /// One code of an ignore comment, at the place it is written.
    struct Entry: Equatable {
        var code: DiagnosticCode
        var location: SourceLocation
    }

    /// The codes of every ignore comment in `source`, each at its own line and column.
    static func entries(in source: RuleSource) -> [Entry] {
        var entries: [Entry] = []
        for (index, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let comment = commentStart(line) else { continue }
            let body = line[line.index(after: comment)...].drop { $0 == " " || $0 == "\t" }
            guard body.hasPrefix(marker) else { continue }
            var rest = body.dropFirst(marker.count)
            while !rest.isEmpty {
                let item = rest.prefix { $0 != "," }
                let code = item.drop { $0 == " " || $0 == "\t" }
                let word = code.prefix { !$0.isWhitespace }
                if !word.isEmpty {
                    let column = line.distance(from: line.startIndex, to: code.startIndex) + 1
                    entries.append(
                        Entry(
                            code: DiagnosticCode(rawValue: String(word)),
                            location: SourceLocation(file: source.path, line: index + 1, column: column)))
                }
                rest = rest.dropFirst(item.count).dropFirst()
            }
        }
        return entries
    }

    /// Where a YAML comment starts on `line`: a '#' at its start or after a blank (YAML's rule, so
    /// "#" inside a word such as "C#" is text).
    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#" && (previous == " " || previous == "\t") { return index }
            previous = line[index]
        }
        return nil
    }

    /// `diagnostics` without the findings the comments of `sources` silence, plus a finding for
    /// every comment that names an error and, when `reportUnused`, every one that silences nothing.
    ///
    /// - Parameter reportUnused: false when errors kept the lint checks from running: their
    ///   warnings are not there to silence, and calling the comments unused would be wrong.
    static func apply(
        to diagnostics: [Diagnostic], sources: [RuleSource], known: some Collection<DiagnosticCode>,
        reportUnused: Bool = true
    ) -> [Diagnostic] {
        let entries = sources.flatMap(entries(in:))
        guard !entries.isEmpty else { return diagnostics }
        var silenced = Set<Int>()
        var added: [Diagnostic] = []
        for entry in entries {
            let targets = diagnostics.indices.filter { index in
                let diagnostic = diagnostics[index]
                guard let location = diagnostic.location else { return false }
                return diagnostic.code == entry.code && location.file == entry.location.file
                    && location.line == entry.location.line + 1
            }
            if targets.isEmpty {
                if reportUnused { added.append(unused(entry, known: known)) }
                continue
            }
            for index in targets {
                if diagnostics[index].severity == .error {
                    added.append(unignorable(entry))
                } else {
                    silenced.insert(index)
                }
            }
        }
        return diagnostics.indices.filter { !silenced.contains($0) }.map { diagnostics[$0] } + added
    }

    // MARK: - Messages

    static func unused(_ entry: Entry, known: some Collection<DiagnosticCode>) -> Diagnostic {
        guard known.contains(entry.code) else {
            let hint = Suggestion.hint(for: entry.code.rawValue, in: known.map(\.rawValue))
            return Diagnostic(
                .warning, .unusedIgnore,
                "'\(entry.code.rawValue.excerpt)' is not a finding code\(hint), so this ignore comment silences nothing",
                at: entry.location)
        }
        return Diagnostic(
            .warning, .unusedIgnore,
            "ignore comment for '\(entry.code)' silences nothing: the next line has no such finding", at: entry.location
        )
    }

    static func unignorable(_ entry: Entry) -> Diagnostic {
        Diagnostic(
            .warning, .unignorableError,
            "'\(entry.code)' on the next line is an error, and errors cannot be ignored: fix it instead",
            at: entry.location)
    }

    static let pages = [
        FindingPage(
            .unusedIgnore, .warning, summary: "a '# haven-lint-ignore:' comment silences nothing",
            meaning:
                "An ignore comment silences findings with its codes on the line directly below it only. This one names a code that is not reported there (the rule was fixed or moved, or the code is misspelt), so it would hide a later, different problem for no reason.",
            example: "# haven-lint-ignore: rule-shadowed\n- id: criticism.never\n  phrases: [\"you never listen\"]",
            fix:
                "Remove the comment, or move it to the line directly above the finding (for a rule, the '- id:' line) and check the code's spelling."
        ),
        FindingPage(
            .unignorableError, .warning, summary: "an ignore comment names an error",
            meaning:
                "Only warnings can be silenced: with an error the rules do not load at all, so ignoring it would change nothing but hide why.",
            example: "# haven-lint-ignore: unknown-key\n  phrase: [\"you never listen\"]",
            fix: "Fix the error the comment names, then remove the comment."),
    ]
}

extension DiagnosticCode {
    static let unusedIgnore: DiagnosticCode = "unused-ignore"
    static let unignorableError: DiagnosticCode = "unignorable-error"
}

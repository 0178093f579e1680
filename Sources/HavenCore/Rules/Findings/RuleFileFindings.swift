/// Codes and pages of the findings about a rule file's shape: its bytes, its YAML, its keys and
/// the type of each value (``RuleSource``, ``YAMLReader``, ``RuleDocument``).
extension DiagnosticCode {
    static let notUTF8: DiagnosticCode = "not-utf8"
    static let yamlSyntax: DiagnosticCode = "yaml-syntax"
    static let duplicateKey: DiagnosticCode = "duplicate-key"
    static let emptyFile: DiagnosticCode = "empty-file"
    static let unknownFileKind: DiagnosticCode = "unknown-file-kind"
    static let wrongType: DiagnosticCode = "wrong-type"
    static let unknownKey: DiagnosticCode = "unknown-key"
    static let missingKey: DiagnosticCode = "missing-key"
    static let emptyValue: DiagnosticCode = "empty-value"
    static let badValue: DiagnosticCode = "bad-value"
    static let ruleWithoutPhrases: DiagnosticCode = "rule-without-phrases"
}

enum RuleFileFindings {
    static let pages: [FindingPage] = [
        FindingPage(
            .notUTF8, .error, summary: "the file is not saved as UTF-8",
            meaning:
                "Rule files are read as UTF-8 text. A byte that is not UTF-8 (often from an old editor saving Latin-1 or Windows-1252) is reported at its line and column; the rest of the file is still checked.",
            example: "title: Caf\\xE9 talk   # the é saved as one Latin-1 byte",
            fix:
                "Save the file as UTF-8 in your editor (\"Save with encoding\", \"UTF-8\"), then retype the character at the reported place if it looks wrong."
        ),
        FindingPage(
            .yamlSyntax, .error, summary: "the file is not valid YAML",
            meaning:
                "The file could not be read as YAML, so none of its rules load. The position is where the YAML reader gave up, which is often just after the real mistake.",
            example: "rules: [\n  - id: criticism.never",
            fix:
                "Look at the reported line and the one before it: an unclosed '[' or quote, a tab used for indenting, or a line indented differently from its neighbours are the usual causes."
        ),
        FindingPage(
            .duplicateKey, .error, summary: "a key is written twice in one mapping",
            meaning:
                "YAML would silently keep only one of the two values, so Haven refuses the file rather than guess which one you meant.",
            example: "- id: criticism.never\n  phrases: [\"you never listen\"]\n  phrases: [\"you never care\"]",
            fix: "Merge the two values into one list under a single key."),
        FindingPage(
            .emptyFile, .error, summary: "the rule file is empty",
            meaning:
                "A file in the rule folder has no content at all, so Haven cannot tell what kind of rule file it is.",
            example: "# (nothing but this comment)",
            fix: "Delete the file, or write its content (for example 'category:', 'title:' and 'rules:')."),
        FindingPage(
            .unknownFileKind, .error, summary: "the file is not a category, lexicon, fallback, safety or topics file",
            meaning:
                "Each rule file is recognised by one top-level key: 'category', 'sets' or 'substitutions', 'fallback', 'safety' or 'topics'. This file has none of them.",
            example: "title: Criticism\nrules: []",
            fix: "Add the key that says what the file is, usually 'category: <id>' at the top."),
        FindingPage(
            .wrongType, .error, summary: "a value has the wrong shape (text, list or mapping)",
            meaning:
                "A key expects text, a list or a mapping of 'key: value' lines, and got something else, often because of indentation.",
            example: "rules:\n  id: criticism.never     # a mapping where a list ('- id: ...') belongs",
            fix:
                "Write the value in the shape the message names: a list item starts with '- ', a mapping is 'key: value' lines indented under its key."
        ),
        FindingPage(
            .unknownKey, .error, summary: "a key Haven does not know",
            meaning:
                "Haven does not know the key, usually because of a typo; it would otherwise be ignored silently and the rule would not do what you expect. The message suggests the closest known key.",
            example: "- id: criticism.never\n  phrase: [\"you never listen\"]   # 'phrases'",
            fix: "Correct the spelling (see the suggestion in the message), or remove the key."),
        FindingPage(
            .missingKey, .error, summary: "a required key is missing",
            meaning:
                "Some keys must always be there: a category needs 'category', 'title' and 'rules'; a rule needs 'id'; a prompt needs 'text' and 'section'.",
            example: "category: criticism\nrules: []            # no 'title'",
            fix: "Add the key the message names."),
        FindingPage(
            .emptyValue, .error, summary: "a text value is empty",
            meaning: "An id, phrase, prompt or example is empty or only spaces, which can never be meant.",
            example: "phrases: [\"you never listen\", \"\"]",
            fix: "Write the text, or remove the empty item."),
        FindingPage(
            .badValue, .error, summary: "a value is out of range or not one of the choices",
            meaning:
                "A number is outside what the key allows (a weight from 0.05 to 1, a priority from 0 to 100) or a word is not one of the key's choices (a guard's 'scope', a rule's 'stance').",
            example: "- id: criticism.never\n  phrases: [\"you never listen\"]\n  weight: 2",
            fix: "Use a value within the range, or one of the choices the message lists."),
        FindingPage(
            .ruleWithoutPhrases, .error, summary: "a rule has neither 'phrases' nor 'regex'",
            meaning: "A rule with nothing to match can never fire.",
            example: "- id: criticism.never\n  examples: [\"you never listen\"]",
            fix: "Give the rule 'phrases:' (or a 'regex:'), or remove it."),
    ]
}

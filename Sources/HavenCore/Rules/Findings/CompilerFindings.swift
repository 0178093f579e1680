/// Codes and pages of the findings about what the rules say: ids, sections, placeholders,
/// phrases, regexes, limits and the protected safety tier (``RuleLoader``, ``PhraseExpander``,
/// ``MatcherBuilder``, and the `haven check` keys).
extension DiagnosticCode {
    static let duplicateID: DiagnosticCode = "duplicate-id"
    static let duplicateSet: DiagnosticCode = "duplicate-set"
    static let noPrompts: DiagnosticCode = "no-prompts"
    static let promptCoverage: DiagnosticCode = "prompt-coverage"
    static let unknownSection: DiagnosticCode = "unknown-section"
    static let unknownPlaceholder: DiagnosticCode = "unknown-placeholder"
    static let unknownCategory: DiagnosticCode = "unknown-category"
    static let missingFile: DiagnosticCode = "missing-file"
    static let safetyTier: DiagnosticCode = "safety-tier"
    static let safetyResources: DiagnosticCode = "safety-resources"
    static let regexSyntax: DiagnosticCode = "regex-syntax"
    static let regexCatastrophic: DiagnosticCode = "regex-catastrophic"
    static let regexNoAnchor: DiagnosticCode = "regex-no-anchor"
    static let regexShortAnchor: DiagnosticCode = "regex-short-anchor"
    static let phrasePunctuation: DiagnosticCode = "phrase-punctuation"
    static let phraseSyntax: DiagnosticCode = "phrase-syntax"
    static let unknownSet: DiagnosticCode = "unknown-set"
    static let phraseEmpty: DiagnosticCode = "phrase-empty"
    static let limitExceeded: DiagnosticCode = "limit-exceeded"
}

enum CompilerFindings {
    static let pages: [FindingPage] = [
        FindingPage(
            .duplicateID, .error, summary: "two categories, rules, guards or topics share an id",
            meaning:
                "Ids name things across the whole rule folder (in reports, in 'haven rules explain', in the state file), so each must be unique. The message says where the first one is.",
            example:
                "- id: criticism.never\n  phrases: [\"you never listen\"]\n- id: criticism.never\n  phrases: [\"you always\"]",
            fix: "Rename one of them; by convention a rule id starts with its category ('criticism.never-listen')."),
        FindingPage(
            .duplicateSet, .error, summary: "a set is defined twice in the lexicons",
            meaning:
                "Two lexicon files (or one file twice) define the same '{set}', so phrases using it would depend on which file is read last.",
            example: "sets:\n  partner: [he, she]\n# and in another lexicon file:\nsets:\n  partner: [my husband]",
            fix: "Keep one definition and merge the members into it."),
        FindingPage(
            .promptCoverage, .error,
            summary: "every prompt of a category has a stance, leaving some messages without a reply",
            meaning:
                "A prompt with 'stance: speaker' is only for messages written to the other person ('you never listen'); one with 'stance: receiver' only for messages about them ('he never listens'). If every prompt of a category has the same stance, the other kind of message in that category would get no reply.",
            example:
                "prompts:\n  - text: When you tell {them} this, what do you most want {them} to hear?\n    stance: speaker\n    section: listen",
            fix: "Add at least one prompt without 'stance:' (it serves every message), or one of the missing stance."),
        FindingPage(
            .noPrompts, .error, summary: "a category has no prompts",
            meaning:
                "When a category wins, Haven answers with one of its prompts; without any it would have nothing to say.",
            example: "category: criticism\ntitle: Criticism\nrules: [...]\nprompts: []",
            fix: "Add at least one prompt with 'text' and 'section'."),
        FindingPage(
            .unknownSection, .error, summary: "a section that is not in the topics file",
            meaning:
                "Prompts, antidotes, categories and the safety response point to a section of the article by its id from the topics file. This one names none, often because of a typo (the message suggests the closest id).",
            example: "prompts:\n  - text: What did you need from them?\n    section: listn",
            fix: "Use an id from the topics file, or add the topic there."),
        FindingPage(
            .unknownPlaceholder, .error, summary: "a '{placeholder}' that no rule fills in",
            meaning:
                "A prompt or antidote may use {clause}, {match}, {rest}, the partner placeholders and the names its regexes capture. Any other name would be left in the reply as it is.",
            example: "prompts:\n  - text: It sounds like {clasue}.\n    section: listen",
            fix: "Correct the name (see the suggestion), or capture it in the rule's regex with (?<name>...)."),
        FindingPage(
            .unknownCategory, .error, summary: "a check example marks a category that does not exist",
            meaning:
                "A 'check_examples' item lists under 'marks' the categories 'haven check' should find in its text; one of them is not a category id.",
            example: "check_examples:\n  - text: You never listen.\n    marks: [critisism]",
            fix: "Use a category id (the message suggests the closest one)."),
        FindingPage(
            .missingFile, .error, summary: "the folder lacks a file every rule set needs",
            meaning:
                "Every rule folder needs a topics file (the article's sections), a safety file (the safety response) and a fallback file (prompts for messages that match nothing).",
            example: "# a folder with category files only",
            fix: "Add the missing file; copy it from the shipped Prompts folder to start from."),
        FindingPage(
            .safetyTier, .error, summary: "the protected safety tier would no longer work",
            meaning:
                "The 'crisis' category decides when Haven stops reflecting and gives the safety response. It must exist, have rules and 'match' examples, and every crisis example must still match: a rule set that fails any of these does not load at all.",
            example: "category: crisis\ntitle: Crisis\nrules: []",
            fix:
                "Restore the crisis rule or example you changed; 'haven rules explain \"<example>\"' shows which rules and guards the example meets."
        ),
        FindingPage(
            .safetyResources, .error, summary: "the safety response does not say where the resources go",
            meaning:
                "The safety response must contain '{resources}', where the crisis lines configured for this installation are put.",
            example: "safety:\n  response: Please reach out to someone now.\n  resources: Call 988.",
            fix: "Add '{resources}' to the response text where the lines should appear."),
        FindingPage(
            .regexSyntax, .error, summary: "a regex does not compile",
            meaning:
                "The regex has a syntax error (an unclosed group, a stray quantifier) or uses a feature Haven's linear-time regex engine does not have (backreferences, lookaround). The column points at the problem.",
            example: "regex: 'you (never|always'",
            fix: "Close the group or remove the feature; often a list of 'phrases' is simpler than a regex."),
        FindingPage(
            .regexCatastrophic, .error, summary: "a regex could take very long on some messages",
            meaning:
                "Nested quantifiers such as '(\\w+\\s?)+' can backtrack catastrophically in other engines; Haven refuses them so the rules stay safe to export.",
            example: "regex: 'you (\\w+\\s?)+ listen'",
            fix: "Bound the repetition ('(\\w+ ){0,3}') or use a phrase with '...' for 'some words here'."),
        FindingPage(
            .regexNoAnchor, .error, summary: "a regex has no word the prefilter can look for",
            meaning:
                "Haven runs a regex only on messages that contain one of its literal words (its anchor). This regex has none, so it would have to run on every message.",
            example: "regex: '\\w+ \\w+'",
            fix: "Add 'anchor:' with a word every match contains, or write a literal word into the regex."),
        FindingPage(
            .regexShortAnchor, .warning, summary: "a regex's anchor is shorter than 3 letters",
            meaning:
                "The regex runs on every message containing its anchor; an anchor of one or two letters occurs in most messages, so the regex runs often and slows matching down.",
            example: "regex: 'i (really )?hate'\nanchor: [i]",
            fix: "Give a longer 'anchor:' that every match contains ('hate' here)."),
        FindingPage(
            .phrasePunctuation, .error, summary: "a phrase contains punctuation that ends a clause",
            meaning:
                "Messages are split into clauses at , . ; : and !, so a phrase containing one of them could never match inside a clause.",
            example: "phrases: [\"you never listen, ever\"]",
            fix: "Leave the punctuation out ('you never listen ever'), or write two phrases."),
        FindingPage(
            .phraseSyntax, .error, summary: "a phrase is not written in phrase syntax",
            meaning:
                "Phrases use (a|b) for alternatives, [word] for an optional word, {set} for a lexicon set and '...' for a few words in between. Regex syntax such as '?' or '*', unbalanced brackets or an empty part are refused.",
            example: "phrases: [\"you (never )?listen\"]",
            fix: "Write [never] for an optional word, or move the pattern to 'regex:'."),
        FindingPage(
            .unknownSet, .error, summary: "a phrase names a '{set}' no lexicon defines",
            meaning:
                "A '{name}' in a phrase stands for every member of a set from a lexicon file; this name is not defined (often a typo, see the suggestion).",
            example: "phrases: [\"{partnr} never listens\"]",
            fix: "Correct the name, or add the set to a lexicon file under 'sets:'."),
        FindingPage(
            .phraseEmpty, .error, summary: "a phrase has no words once normalised",
            meaning:
                "After lower-casing and removing what is not a word, nothing of the phrase is left, so it would match everywhere or nowhere.",
            example: "phrases: [\"...\"]",
            fix: "Write words in the phrase, or remove it."),
        FindingPage(
            .limitExceeded, .error, summary: "a phrase, rule or the rule set is past a size limit",
            meaning:
                "Sets and alternatives multiply: a phrase with several sets can expand to thousands of literals. Haven stops at its limits (README, 'Limits') so a rule edit cannot make the server slow or run out of memory.",
            example: "phrases: [\"{feeling} {feeling} {feeling} {partner} {verb}\"]",
            fix:
                "Write fewer or narrower phrases, split big sets, or use '...' between words instead of listing what may stand there."
        ),
    ]
}

public import HavenCore

/// Codes and pages of the problems `haven serve` finds in its configuration file, reported with
/// the same ``Diagnostic`` type as rule files: `config.json: error: $.adapters.tcp.port: … [config-bad-value]`.
extension DiagnosticCode {
    public static let configMalformed: DiagnosticCode = "config-malformed"
    public static let configVersion: DiagnosticCode = "config-version"
    public static let configUnknownKey: DiagnosticCode = "config-unknown-key"
    public static let configWrongType: DiagnosticCode = "config-wrong-type"
    public static let configBadValue: DiagnosticCode = "config-bad-value"
    public static let configEnvironment: DiagnosticCode = "config-environment"
    public static let configMissing: DiagnosticCode = "config-missing"
    public static let configConflict: DiagnosticCode = "config-conflict"
}

/// The pages of the configuration codes, for an operator.
public enum ConfigFindings {
    package static let pages: [FindingPage] = [
        FindingPage(
            .configMalformed, .error, summary: "the file is not a JSON object",
            meaning: "The configuration could not be read as JSON, or its top level is not an object ('{ … }').",
            example: "{\"adapters\": {\"tcp\": {\"enabled\": true,}}}",
            fix: "Remove the trailing comma or fix the quoting; a JSON linter shows the place."),
        FindingPage(
            .configVersion, .error, summary: "the file is for a newer Haven",
            meaning: "The file's 'version' is higher than the configuration version this Haven reads.",
            example: "{\"version\": 2}",
            fix: "Upgrade Haven, or write the file for version 1 (see config.example.json)."),
        FindingPage(
            .configUnknownKey, .error, summary: "a key Haven does not know",
            meaning: "The key is not read by Haven, usually because of a typo; it would otherwise be ignored silently.",
            example: "{\"adapters\": {\"tcp\": {\"prot\": 7424}}}",
            fix: "Correct the spelling (see the suggestion), or remove the key."),
        FindingPage(
            .configWrongType, .error, summary: "a value has the wrong JSON type",
            meaning: "The key expects text, a whole number, true or false, a list or an object, and got another type.",
            example: "{\"adapters\": {\"tcp\": {\"port\": \"7424\"}}}",
            fix: "Write the value as the type the message names (numbers without quotes)."),
        FindingPage(
            .configBadValue, .error, summary: "a value is out of range or not allowed",
            meaning:
                "A number is outside the key's range, a word is not one of its choices, or a URL, path or name is not in the expected form.",
            example: "{\"log\": {\"level\": \"loud\"}}", fix: "Use a value the message allows."),
        FindingPage(
            .configEnvironment, .error, summary: "a secret's environment variable is unusable",
            meaning:
                "Secrets are never written in the file: it names environment variables that hold them. The name is not a variable name (perhaps the secret itself was pasted there) or the variable is not set.",
            example:
                "{\"adapters\": {\"matrix\": {\"accessTokenEnv\": \"HAVEN_MATRIX_TOKEN\"}}}   # not set when serve starts",
            fix: "Set the variable in the service's environment, or correct its name; never put the secret in the file."
        ),
        FindingPage(
            .configMissing, .error, summary: "a setting that is needed is missing",
            meaning:
                "An enabled adapter or endpoint needs a setting that is not there (an endpoint's secret, a destination's url).",
            example: "{\"adapters\": {\"webhooks\": {\"enabled\": true, \"endpoints\": {}}}}",
            fix: "Add the setting the message names."),
        FindingPage(
            .configConflict, .error, summary: "two settings cannot both hold",
            meaning: "Two listeners on one port, two endpoints on one path, or two ways of giving one value.",
            example:
                "{\"adapters\": {\"tcp\": {\"enabled\": true, \"port\": 8080}, \"webhooks\": {\"enabled\": true, \"port\": 8080}}}",
            fix: "Change one of the two settings."),
    ]
}

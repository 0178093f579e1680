/// The exit statuses of `haven` and `haven-serve`, in one table (sysexits.h numbers where one
/// fits), documented in the README.
public enum HavenExit {
    /// A check the person asked for did not pass: `rules test` failures, `rules lint --strict`
    /// warnings, `rules eval --min-crisis-recall`.
    public static let failure: Int32 = 1
    /// `rules lint` found errors (its own status, older than the table: scripts rely on it).
    public static let lintErrors: Int32 = 2
    /// A usage error: an unknown option, a bad value, a mistyped command or finding code.
    public static let usage: Int32 = 64
    /// The rule files (or a labelled set) have errors.
    public static let invalidRules: Int32 = 65
    /// There was nothing to read (an empty message, a missing or empty file).
    public static let noInput: Int32 = 66
    /// Input or output failed.
    public static let ioError: Int32 = 74
    /// The configuration is wrong, or serving could not start.
    public static let config: Int32 = 78
}

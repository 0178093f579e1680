/// The exit statuses shared by `haven` and `haven-serve` (sysexits.h numbers), documented in the README.
public enum HavenExit {
    /// The rule files have errors.
    public static let invalidRules: Int32 = 65
    /// There was nothing to read (an empty message).
    public static let noInput: Int32 = 66
    /// Input or output failed.
    public static let ioError: Int32 = 74
    /// The configuration is wrong, or serving could not start.
    public static let config: Int32 = 78
}

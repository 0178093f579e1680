/// The lines of Haven's plain-text protocol (documented in the README).
enum TCPProtocol {
    static let version = 1
    static let greeting = "HAVEN \(version) ready: write one message per line; /help for commands, /quit to leave"
    static func lineTooLong(_ limit: Int) -> String { "ERROR line-too-long: lines are limited to \(limit) bytes; that line was discarded, please send it shorter" }
    static let invalidUTF8 = "ERROR invalid-utf8: that line was not valid UTF-8 and was discarded; please send it again as UTF-8"
    static func busy(_ limit: Int) -> String { "ERROR busy: too many connections (\(limit)); please try again later" }
    static let storeFailed = "ERROR unavailable: your message could not be handled just now; please send it again"
    static func idle(_ seconds: Int) -> String { "BYE idle for \(seconds) seconds" }
    static let quit = "BYE take care"
    static let shuttingDown = "BYE server shutting down"
}

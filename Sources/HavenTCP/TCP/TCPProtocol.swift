import HavenCore

/// The lines of Haven's plain-text protocol (documented in the README).
///
/// Each line is a fixed part that programs read (`HAVEN 1 ready:`, `ERROR line-too-long:`, `BYE`)
/// and a part for people, from `tcp:` in `dialogue.yaml`.
enum TCPProtocol {
    static let version = 1
    static func greeting(_ words: DialogueText) -> String { "HAVEN \(version) ready: " + words.text(.tcpGreeting) }
    static func lineTooLong(_ limit: Int, _ words: DialogueText) -> String {
        "ERROR line-too-long: " + words.text(.tcpLineTooLong, ["limit": "\(limit)"])
    }
    static func invalidUTF8(_ words: DialogueText) -> String { "ERROR invalid-utf8: " + words.text(.tcpInvalidUTF8) }
    static func busy(_ limit: Int, _ words: DialogueText) -> String {
        "ERROR busy: " + words.text(.tcpBusy, ["limit": "\(limit)"])
    }
    static func storeFailed(_ words: DialogueText) -> String { "ERROR unavailable: " + words.text(.tcpUnavailable) }
    static func idle(_ seconds: Int, _ words: DialogueText) -> String {
        "BYE " + words.text(.tcpIdle, ["seconds": "\(seconds)"])
    }
    static func quit(_ words: DialogueText) -> String { "BYE " + words.text(.tcpQuit) }
    static func shuttingDown(_ words: DialogueText) -> String { "BYE " + words.text(.tcpShuttingDown) }
}

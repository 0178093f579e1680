import Foundation
import HavenRuntime

/// Decides which room messages Haven answers, and what text it reads from them. Pure: no I/O.
public struct MatrixMessagePolicy: Sendable {
    public let userID: String
    public let groupRooms: String
    public let ignoreUsers: Set<String>
    public let allowedInviters: [String]

    public init(settings: MatrixSettings) {
        userID = settings.userID
        groupRooms = settings.groupRooms
        ignoreUsers = Set(settings.ignoreUsers)
        allowedInviters = settings.allowedInviters
    }

    /// Why a message is not answered, or nil when it is.
    public enum Skip: String, Sendable, Equatable {
        case notAMessage = "not a message"
        case ownMessage = "own message"
        case notice = "m.notice"
        case edit
        case ignoredUser = "ignored user"
        case notAddressed = "not addressed in a group room"
        case empty
    }

    /// The text to answer, or why not. Whether the event came after the bot's join is
    /// ``sinceJoin(_:)``'s to say.
    ///
    /// - Parameter isDirect: whether the room has at most two members.
    public func text(of event: MatrixEvent, isDirect: Bool) -> Result<String, SkipReason> {
        guard event.type == "m.room.message" else { return .failure(SkipReason(.notAMessage)) }
        guard event.sender != userID else { return .failure(SkipReason(.ownMessage)) }
        guard !ignoreUsers.contains(event.sender) else { return .failure(SkipReason(.ignoredUser)) }
        // Bots talk in notices: answering them is how two bots loop forever.
        guard event.msgtype != "m.notice" else { return .failure(SkipReason(.notice)) }
        guard !event.isEdit else { return .failure(SkipReason(.edit)) }
        guard var body = event.body.map(Self.stripReplyFallback) else { return .failure(SkipReason(.empty)) }
        if !isDirect {
            guard groupRooms != "never" else { return .failure(SkipReason(.notAddressed)) }
            if groupRooms == "mention" {
                guard let addressed = stripAddress(body, event: event) else {
                    return .failure(SkipReason(.notAddressed))
                }
                body = addressed
            }
        }
        body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return body.isEmpty ? .failure(SkipReason(.empty)) : .success(body)
    }

    /// Whether `event` is the bot joining the room, not a profile change of a member already in it.
    public func isOwnJoin(_ event: MatrixEvent) -> Bool {
        event.type == "m.room.member" && event.stateKey == userID && event.content["membership"]?.string == "join"
            && event.previousContent?["membership"]?.string != "join"
    }

    /// The events after the bot's latest join, in the homeserver's timeline order.
    ///
    /// Order, not clocks: a timestamp from the bot's own clock, taken when its join returned, is
    /// later than messages sent in the meantime (and off by any skew against the homeserver), so
    /// comparing times dropped them. When the join is not among `events`, it came before them and
    /// every one is after it: a newly joined room's first timeline, or its back-fill, reaches back
    /// to the join.
    public func sinceJoin(_ events: [MatrixEvent]) -> ArraySlice<MatrixEvent> {
        guard let join = events.lastIndex(where: isOwnJoin) else { return events[...] }
        return events[(join + 1)...]
    }

    /// A skip reason as an Error, so it fits `Result`.
    public struct SkipReason: Error, Sendable, Equatable {
        public let reason: Skip
        init(_ reason: Skip) { self.reason = reason }
    }

    /// The body without the quoted fallback of a reply ("> <@a:b> earlier text" lines).
    static func stripReplyFallback(_ body: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix("> ") == true else { return body }
        while let first = lines.first, first.hasPrefix(">") { lines.removeFirst() }
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// The body with the bot's name taken off when the message is addressed to it, else nil.
    func stripAddress(_ body: String, event: MatrixEvent) -> String? {
        let mentioned = event.content["m.mentions"]?["user_ids"]?.array?.contains(.string(userID)) == true
        let localpart = String(userID.dropFirst().prefix { $0 != ":" })
        let lower = body.lowercased()
        for name in [userID.lowercased(), localpart.lowercased(), "!haven"] {
            for separator in [":", ",", " "] where lower.hasPrefix(name + separator) {
                return String(body.dropFirst(name.count + 1))
            }
        }
        if name(in: lower, localpart.lowercased()) || lower.contains(userID.lowercased()) || mentioned {
            return body.replacingOccurrences(of: userID, with: "").replacingOccurrences(
                of: localpart, with: "", options: .caseInsensitive)
        }
        return nil
    }

    private func name(in text: String, _ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        var rest = text[...]
        while let range = rest.range(of: name) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// Whether an invite from `inviter` may be accepted.
    public func mayInvite(_ inviter: String) -> Bool {
        allowedInviters.isEmpty
            || allowedInviters.contains { rule in rule.hasPrefix(":") ? inviter.hasSuffix(rule) : inviter == rule }
    }
}

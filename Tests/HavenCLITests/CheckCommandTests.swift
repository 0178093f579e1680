import Foundation
import HavenServerTesting
import Testing

/// `haven check`, run as a person would: the built binary, real pipes, and a pseudo-terminal
/// for colour.
struct CheckCommandTests {
    /// A draft and the passages `check` must mark in it, as written, with the category of each.
    struct Draft: Sendable, CustomTestStringConvertible {
        let message: String
        let marked: [(category: String, text: String)]
        /// Appreciation it must quote back.
        var appreciation: [String] = []
        /// Words of the message the first antidote must carry besides the passage ("the dishes").
        var topic: String?
        var testDescription: String { message }
    }

    static let drafts: [Draft] = [
        // Criticism.
        Draft(
            message: "you never help with the dishes", marked: [("criticism", "you never help")], topic: "the dishes"),
        Draft(
            message: "You ALWAYS do this, you never think about anyone but yourself",
            marked: [("criticism", "You ALWAYS do this"), ("criticism", "you never think")]),
        Draft(message: "you never listen to me when I talk about my day", marked: [("criticism", "you never listen")]),
        Draft(
            message: "you always forget the bins on Tuesday", marked: [("criticism", "you always forget")],
            topic: "the bins on Tuesday"),
        Draft(
            message: "you are so selfish with the car", marked: [("criticism", "you are so selfish")], topic: "the car"),
        Draft(message: "you never make time for the kids", marked: [("criticism", "you never make")]),
        Draft(
            message: "YOU NEVER HELP WITH THE LAUNDRY", marked: [("criticism", "YOU NEVER HELP")], topic: "the laundry"),
        // Contempt.
        Draft(message: "you are pathetic", marked: [("contempt", "you are pathetic")]),
        Draft(message: "honestly you are such an idiot sometimes", marked: [("contempt", "you are such an idiot")]),
        Draft(message: "you roll your eyes every time I speak", marked: [("contempt", "roll your eyes")]),
        Draft(message: "you are a joke, everyone knows it", marked: [("contempt", "you are a joke")]),
        // Defensiveness.
        Draft(
            message: "it is not my fault, you started it",
            marked: [("defensiveness", "it is not my fault"), ("defensiveness", "you started it")]),
        Draft(message: "I was only joking, relax", marked: [("defensiveness", "I was only joking")]),
        Draft(
            message: "well what about you, you forgot my birthday", marked: [("defensiveness", "well what about you")]),
        Draft(
            message: "you never admit you are wrong about the budget",
            marked: [("defensiveness", "never admit you are wrong")], topic: "the budget"),
        // Withdrawal.
        Draft(
            message: "I am not talking to you until you apologise", marked: [("withdrawal", "am not talking to you")]),
        Draft(
            message: "I am going to give you the silent treatment tonight", marked: [("withdrawal", "silent treatment")]
        ),
        Draft(
            message: "I am giving you the cold shoulder for the rest of the week",
            marked: [("withdrawal", "cold shoulder")]),
        Draft(message: "I am done, I will stonewall you", marked: [("withdrawal", "stonewall")]),
        // Mixed, with emoji before a later passage (byte offsets past a four-byte character).
        Draft(
            message: "you never listen 😤 and it is not my fault",
            marked: [("criticism", "you never listen"), ("defensiveness", "it is not my fault")]),
        Draft(
            message: "you never help with the dishes and I am so proud of you for the garden",
            marked: [("criticism", "you never help")],
            appreciation: ["proud of you"], topic: "the dishes"),
        // Appreciative.
        Draft(message: "I am so proud of you for finishing the course", marked: [], appreciation: ["I am so proud"]),
        Draft(message: "I feel safe with you", marked: [], appreciation: ["feel safe with you"]),
        Draft(message: "you always make me laugh", marked: [], appreciation: ["you always make me laugh"]),
        // Clean.
        Draft(message: "thank you for picking me up from the station, see you at six", marked: []),
        Draft(message: "can we talk about the holiday plans tonight?", marked: []),
        Draft(message: "I booked the table for Friday at eight", marked: []),
        Draft(message: "I miss you, how was the meeting?", marked: []),
        Draft(message: "could you grab some milk on the way home", marked: []),
    ]

    /// Messages that show danger: `check` answers them exactly as `reflect` does.
    static let dangers = [
        "he hit me last night and I am scared",
        "I want to kill myself",
        "you hit me and I am scared to come home",
    ]

    func record(_ arguments: [String]) throws -> [String: Any] {
        let result = try HavenBinary.run(["check", "--format", "jsonl"] + arguments)
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 1)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
    }

    @Test(arguments: drafts)
    func marksTheRightPassages(_ draft: Draft) throws {
        let record = try record([draft.message])
        #expect(record["crisis"] as? Bool == false)
        let marked = try #require(record["marked"] as? [[String: Any]])
        #expect(marked.map { $0["category"] as? String ?? "" } == draft.marked.map(\.category))
        #expect(marked.map { $0["text"] as? String ?? "" } == draft.marked.map(\.text))
        let bytes = Array(draft.message.utf8)
        for passage in marked {
            // The offsets are UTF-8 bytes of the message, and cut out exactly the passage.
            let start = try #require(passage["start"] as? Int)
            let end = try #require(passage["end"] as? Int)
            #expect(String(decoding: bytes[start..<end], as: UTF8.self) == passage["text"] as? String)
            #expect((passage["note"] as? String)?.isEmpty == false)
            // One antidote per passage, filled with the writer's own words, naming its section.
            let antidote = try #require(passage["antidote"] as? String)
            let text = try #require(passage["text"] as? String)
            let topic = draft.topic.map { antidote.contains($0) } ?? false
            #expect(antidote.contains("\"\(text)\"") || topic, "\(antidote)")
            #expect(!antidote.contains("{") && !antidote.contains("}"))
            #expect((passage["section"] as? String)?.isEmpty == false)
            #expect(Self.inventedFeeling(in: antidote, message: draft.message) == nil, "\(antidote)")
        }
        if let topic = draft.topic {
            #expect((marked.first?["antidote"] as? String)?.contains(topic) == true)
        }
        let appreciation = try #require(record["appreciation"] as? [[String: Any]])
        #expect(appreciation.map { $0["text"] as? String ?? "" } == draft.appreciation)
        #expect((record["question"] as? String)?.hasSuffix("?") == true)
    }

    /// A feeling the antidote states that the writer did not: any "I feel" or "I felt" that
    /// is not followed by a blank, or a feeling word not in the message.
    static func inventedFeeling(in antidote: String, message: String) -> String? {
        let lower = antidote.lowercased()
        for opener in ["i feel ", "i felt ", "i am feeling ", "i'm feeling "] {
            var rest = lower[...]
            while let range = rest.range(of: opener) {
                if !lower[range.upperBound...].hasPrefix("___") { return String(lower[range.lowerBound...].prefix(30)) }
                rest = lower[range.upperBound...]
            }
        }
        let feelings = [
            "hurt", "angry", "sad", "upset", "lonely", "worn out", "frustrated", "scared", "anxious", "tired",
            "overwhelmed", "exhausted",
        ]
        return feelings.first { lower.contains($0) && !message.lowercased().contains($0) }
    }

    @Test func textNamesEachPassageWithItsAntidoteAndEndsWithOneQuestion() throws {
        let result = try HavenBinary.run(["check", "you never help with the dishes"])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3, "\(result.stdoutText)")
        #expect(lines.first?.hasPrefix("\"you never help\" may land as criticism: ") == true)
        #expect(lines.dropFirst().first?.contains("\"I feel ___ about the dishes.") == true)
        #expect(lines.last?.hasSuffix("?") == true)
        #expect(lines.filter { $0.hasSuffix("?") }.count == 1)
        #expect(!result.stdoutText.contains("\u{1B}["))
    }

    @Test func readsTheWholeOfStandardInput() throws {
        let result = try HavenBinary.run(
            ["check", "--format", "jsonl"], input: "you are pathetic\nand you never listen\n")
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
        let marked = try #require(record["marked"] as? [[String: Any]])
        #expect(marked.map { $0["text"] as? String ?? "" } == ["you are pathetic", "you never listen"])
        #expect(marked.last?["start"] as? Int == 21)
    }

    @Test func nothingToMarkSaysSoAndQuotesAppreciation() throws {
        let clean = try HavenBinary.run(["check", "I booked the table for Friday at eight"])
        #expect(
            clean.stdoutText.hasPrefix(
                "Nothing here is likely to land as criticism, contempt, defensiveness or withdrawal.\n"))
        #expect(!clean.stdoutText.contains("Worth keeping"))
        let warm = try HavenBinary.run(["check", "I feel safe with you"])
        #expect(warm.stdoutText.hasPrefix("Nothing here is likely to land"))
        #expect(warm.stdoutText.contains("Worth keeping: \"feel safe with you\""))
    }

    @Test(arguments: dangers)
    func dangerGetsTheSafetyResponseAsInReflect(_ message: String) throws {
        let check = try HavenBinary.run(["check", message])
        let reflect = try HavenBinary.run(["reflect", message])
        #expect(check.status == 0)
        #expect(check.stdoutText == reflect.stdoutText)
        #expect(check.stdoutText.contains("not a therapist or an emergency service"))
        let record = try record([message])
        #expect(record["crisis"] as? Bool == true)
        #expect(record["marked"] == nil)
    }

    @Test func colourOnlyOnATerminalAndNotWithNoColor() throws {
        let message = ["you never help with the dishes and I am so proud of you for the garden"]
        let terminal = try HavenBinary.runInTerminal(["check"] + message, environment: ["NO_COLOR": ""])
        #expect(terminal.status == 0)
        #expect(terminal.stdoutText.contains("\u{1B}[31m\"you never help\"\u{1B}[0m"), "\(terminal.stdoutText)")
        #expect(terminal.stdoutText.contains("\u{1B}[32m\"proud of you\"\u{1B}[0m"))
        let noColour = try HavenBinary.runInTerminal(["check"] + message, environment: ["NO_COLOR": "1"])
        #expect(noColour.stdoutText.contains("\"you never help\" may land as criticism"))
        #expect(!noColour.stdoutText.contains("\u{1B}["))
        let piped = try HavenBinary.run(["check"] + message, environment: ["NO_COLOR": ""])
        #expect(!piped.stdoutText.contains("\u{1B}["))
        #expect(piped.stdoutText.replacingOccurrences(of: "\n", with: "\r\n") == noColour.stdoutText)
    }

    @Test func anEmptyMessageIsAnError() throws {
        let result = try HavenBinary.run(["check"], input: "  \n")
        #expect(result.status == 66)
    }
}

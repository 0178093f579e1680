import Foundation
import HavenServerTesting
import HavenStore
import Testing

/// `haven chat` with scripted standard input, as a terminal user or a script would drive it.
struct ChatCommandTests {
    func statePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("haven-chat-\(UUID().uuidString).sqlite").path
    }

    @Test func answersEachLineInTurn() throws {
        let result = try HavenBinary.run(
            ["chat"], input: "hello\nhe never listens to me\n/tip listen\n/quit\nnot read\n")
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Hi, I'm Haven"))
        #expect(lines[2].hasPrefix("Listen to Your Partner: "))
    }

    @Test func continuesAConversationAcrossRunsWithoutRepeatingPrompts() throws {
        let path = statePath()
        var replies: [String] = []
        for _ in 0..<3 {
            // A speaker and a receiver: each rotates through its own prompts (four speaker prompts, seven others).
            let result = try HavenBinary.run(
                ["chat", "--state", path], input: "you never listen to me\nhe never helps me\n")
            #expect(result.status == 0)
            replies += result.stdoutText.split(separator: "\n").map(String.init)
        }
        #expect(replies.count == 6)
        #expect(replies.filter { $0.hasPrefix("Hi, I'm Haven") }.count == 1, "the note is given once, not once per run")
        let stripped = replies.map {
            $0.replacingOccurrences(
                of: #"^Hi, I'm Haven.*?/help to see what I can do\. "#, with: "", options: .regularExpression)
        }
        #expect(Set(stripped).count == 6, "no prompt repeats while the speaker and receiver pools last: \(stripped)")
    }

    @Test func forgetLeavesNothingInTheStateFile() throws {
        let path = statePath()
        _ = try HavenBinary.run(
            ["chat", "--state", path, "--conversation", "alice"], input: "you never listen to me\n")
        _ = try HavenBinary.run(["chat", "--state", path, "--conversation", "bob"], input: "hello\n")
        let before = try SQLiteDatabase(path: path).query("SELECT id FROM conversation ORDER BY id").map {
            $0.first?.text
        }
        #expect(before == ["cli:alice", "cli:bob"])
        let result = try HavenBinary.run(["chat", "--state", path, "--conversation", "alice"], input: "/forget\n")
        #expect(result.stdoutText.contains("deleted everything"))
        let after = try SQLiteDatabase(path: path).query("SELECT id FROM conversation ORDER BY id").map {
            $0.first?.text
        }
        #expect(after == ["cli:bob"])
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("cli:alice".utf8)) == nil)
    }

    @Test func aStoppedPersonGetsNothingButCrisisStillGetsTheSafetyResponse() throws {
        let result = try HavenBinary.run(["chat"], input: "/stop\nyou never listen\nhello\nhe hit me\n")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Okay, I'll stay quiet"))
        #expect(lines[1].contains("emergency"))
    }
}

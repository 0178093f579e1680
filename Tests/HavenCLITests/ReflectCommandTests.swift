import Foundation
import HavenCore
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven reflect`, run as a person would: the built binary, real pipes.
struct ReflectCommandTests {
    func records(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }

    func patternIDs(_ record: [String: Any]) -> [String] {
        (record["patterns"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func repliesToAPipedMessage() throws {
        let result = try HavenBinary.run(["reflect"], input: "You never listen to me\n")
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("they never listen to you") == true || lines.first?.contains("?") == true)
        #expect(result.stderrText.isEmpty)
    }

    @Test func printsJSONWithCriticismFirst() throws {
        let result = try HavenBinary.run(["reflect", "--format", "jsonl"], input: "You never listen to me")
        #expect(result.status == 0)
        let record = try #require(try records(result.stdoutText).first)
        #expect(patternIDs(record).first == "criticism")
        let evidence = try #require((record["patterns"] as? [[String: Any]])?.first?["evidence"] as? [[String: Any]])
        #expect(evidence.first?["text"] as? String == "You never listen")
        #expect(evidence.first?["start"] as? Int == 0)
        #expect((record["reply"] as? String)?.isEmpty == false)
        #expect((record["sections"] as? [String])?.isEmpty == false)
    }

    @Test func takesTheMessageFromArguments() throws {
        let result = try HavenBinary.run(["reflect", "--format", "jsonl", "he", "hit", "me"])
        #expect(result.status == 0)
        #expect(patternIDs(try #require(try records(result.stdoutText).first)) == ["crisis"])
    }

    @Test func answersEachLineInBatchModeWithCRLFAndBlankLines() throws {
        let input = "You never listen to me\r\n\r\nthank you for listening, I feel safe with you\r\nwe went shopping\n"
        let result = try HavenBinary.run(["reflect", "--each-line", "--format", "jsonl"], input: input)
        #expect(result.status == 0)
        let output = try records(result.stdoutText)
        #expect(output.count == 4)
        #expect(patternIDs(output[0]).first == "criticism")
        #expect(patternIDs(output[1]).isEmpty)
        #expect(patternIDs(output[3]).isEmpty)
    }

    @Test func replacesInvalidUTF8AndWarnsOnce() throws {
        var data = Data("you never listen \u{2014} ".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0x0A])
        data.append(contentsOf: Array("ok".utf8) + [0xC3, 0x0A])
        let result = try HavenBinary.run(["reflect", "--each-line", "--format", "jsonl"], data: data)
        #expect(result.status == 0)
        #expect(try records(result.stdoutText).count == 2)
        let warnings = result.stderrText.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("not valid UTF-8 (first at line 1)") == true)
    }

    @Test func survivesNULBytesAndATenMegabyteLine() throws {
        var big = String(repeating: "we talked about the garden and the weather ", count: 240_000)
        big += "\u{0}you never listen to me\u{0}\n"
        let result = try HavenBinary.run(["reflect", "--each-line", "--format", "jsonl"], input: big, timeout: 120)
        #expect(result.status == 0)
        let output = try records(result.stdoutText)
        #expect(output.count == 1)
        #expect(patternIDs(try #require(output.first)).contains("criticism"))
    }

    @Test func reportsEmptyInputWithStatus66() throws {
        let result = try HavenBinary.run(["reflect"], input: "  \n")
        #expect(result.status == 66)
        #expect(result.stderrText.contains("the message is empty"))
        #expect(result.stdout.isEmpty)
    }

    /// `haven reflect < some/folder`: a read error is not the end of the input.
    @Test(arguments: [["reflect", "--each-line"], ["reflect"]])
    func reportsAnUnreadableStandardInputWithStatus74(arguments: [String]) throws {
        let result = try HavenBinary.run(arguments, stdinPath: FileManager.default.temporaryDirectory.path)
        #expect(result.status == 74, "\(result.stderrText)")
        #expect(result.stderrText.contains("haven: error: cannot read standard input: Is a directory"))
        #expect(result.stdout.isEmpty)
    }

    /// A mistyped command must not be taken for a message: `haven serv` used to reflect on "serv".
    @Test(arguments: [
        (["rule", "lint"], "rules lint"), (["serv"], "serve"), (["chta"], "chat"),
        (["reflct", "--each-line"], "reflect"),
    ])
    func refusesAMistypedCommandWithASuggestion(arguments: [String], suggestion: String) throws {
        let result = try HavenBinary.run(arguments, input: "")
        #expect(result.status == 64, "\(result.stdoutText)")
        #expect(
            result.stderrText.contains(
                "haven: error: '\(arguments[0])' is not a command (did you mean 'haven \(suggestion)'?)"),
            "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    @Test func reflectsOnMessagesThatOnlyStartLikeACommand() throws {
        // "what" is one letter from "chat", but a message of several words is a message.
        let message = try HavenBinary.run(["what", "do", "you", "think"])
        #expect(message.status == 0)
        #expect(message.stderrText.isEmpty)
        // Named explicitly, `reflect` takes any word as the message.
        let explicit = try HavenBinary.run(["reflect", "serv"])
        #expect(explicit.status == 0)
        #expect(!explicit.stdout.isEmpty)
        // A message that shows danger always gets the safety response, typo or not.
        let rules = try TestRules.folder([:])
        let danger = try HavenBinary.run(["rule", "lint", "he", "hits", "me", "--rules", rules])
        #expect(danger.status == 0)
        #expect(danger.stdoutText.contains("Please get help."))
        #expect(danger.stderrText.contains("haven: warning: 'rule' is not a command"))
    }

    @Test func reportsBrokenRuleFilesWithLocationsAndStatus65() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for source in try TestRules.shippedSources() {
            let name = URL(fileURLWithPath: source.path).lastPathComponent
            let text =
                name == "criticism.yaml"
                ? source.text.replacingOccurrences(of: "priority: 60", with: "priorty: 60") : source.text
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try HavenBinary.run(["reflect", "--rules", folder.path, "hello"])
        #expect(result.status == 65)
        let path = folder.appendingPathComponent("criticism.yaml").path
        #expect(result.stderrText.contains("\(path):"))
        #expect(
            result.stderrText.contains(": error: unknown key 'priorty' in a category file (did you mean 'priority'?)"))
    }

    @Test func replacesTheCrisisResourcesWhenAsked() throws {
        let result = try HavenBinary.run(["reflect", "--resources", "Call 000 in Australia.", "I want to kill myself"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("Call 000 in Australia."))
        #expect(result.stdoutText.contains("not a therapist"))
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// A therapist rewords `dialogue.yaml`, and every program says the new words: the built binary
/// with a rule folder whose dialogue is ``TestRules/editedDialogue``.
@Suite(.serialized)
struct DialogueTextCommandTests {
    let rules: String

    init() throws {
        rules = try TestRules.folder(["dialogue.yaml": TestRules.editedDialogue])
    }

    @Test func chatSaysTheEditedFirstContactHelpAndStop() throws {
        let result = try HavenBinary.run(["chat", "--rules", rules], input: "hello\n/help\n/stop\n")
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("Welcome: Haven here, a practice companion (type /help). ") == true, "\(lines)")
        #expect(
            Array(lines.dropFirst()) == [
                "Try /topics or /stop; that is all there is.", "Paused. /start brings me back.",
            ])
    }

    @Test func chatInATerminalGivesTheEditedHint() throws {
        let result = try HavenBinary.runInTerminal(["chat", "--rules", rules])
        #expect(result.stdoutText.contains("Edited hint: type away."), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("write what is on your mind"))
    }

    @Test func checkSaysTheEditedNothingToMarkAndQuestion() throws {
        let result = try HavenBinary.run(["check", "--rules", rules, "I booked the table for Friday at eight"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(
            result.stdoutText
                == "All clear: nothing here reads as an attack.\nWhat do you want them to feel when they read it?\n")
    }

    @Test func serveGreetsErrsAndSaysGoodbyeInTheEditedWords() throws {
        let config = try temporaryConfig(#"{"version": 1, "adapters": {"tcp": {"maxLineBytes": 64}}}"#)
        let server = try ServeProcess(rules: rules, config: config)
        let client = try LineClient(port: server.port)
        #expect(client.readLine() == "HAVEN 1 ready: hello from the edited rules")
        client.send(line: String(repeating: "x", count: 200))
        #expect(client.readLine() == "ERROR line-too-long: keep it under 64 bytes, please")
        client.send(line: "/help")
        #expect(client.readLine() == "Try /topics or /stop; that is all there is.")
        client.send(line: "/quit")
        #expect(client.readLine() == "BYE see you soon")
        #expect(server.stop().status == 0)
    }

    @Test func aReloadRewordsTheProtocolLines() throws {
        let folder = try TestRules.folder([:])
        let server = try ServeProcess(rules: folder, extra: ["--log-level", "notice"])
        let open = try LineClient(port: server.port)
        #expect(open.readLine() == "HAVEN 1 ready: write one message per line; /help for commands, /quit to leave")
        try TestRules.editedDialogue.write(toFile: folder + "/dialogue.yaml", atomically: true, encoding: .utf8)
        server.child.signal(SIGHUP)
        var reloaded = false
        for _ in 0..<150 where !reloaded {
            reloaded = server.child.stderrSoFar.contains("rules reloaded")
            if !reloaded { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(reloaded, "\(server.child.stderrSoFar)")
        #expect(try LineClient(port: server.port).readLine() == "HAVEN 1 ready: hello from the edited rules")
        open.send(line: "/quit")
        #expect(open.readLine() == "BYE see you soon", "a connection opened before the reload takes the new words too")
        #expect(server.stop().status == 0)
    }

    @Test func lintPointsAtABadPlaceholderAndAMissingSentence() throws {
        let text = TestRules.dialogue(["stop": "Paused; send {prefix}{start} to resume."])
            .replacingOccurrences(of: "  matrix:\n", with: "  matrix:\n    other: unused\n")
            .replacingOccurrences(of: "    encrypted_room: >-\n", with: "    encrypted: >-\n")
        let folder = try TestRules.folder(["dialogue.yaml": text])
        let result = try HavenBinary.run(["rules", "lint", folder])
        #expect(result.status != 0)
        let output = result.stdoutText.replacingOccurrences(of: folder + "/", with: "")
        let matrix = TestRules.position(of: "other: unused", in: text)
        #expect(
            output.contains(
                "dialogue.yaml:\(TestRules.position(of: "Paused;", in: text)): error: unknown placeholder '{start}'; 'stop' takes {prefix} [unknown-placeholder]\n"
            ), "\(output)")
        #expect(
            output.contains("dialogue.yaml:\(matrix): error: unknown key 'other' in 'matrix' [unknown-key]\n"),
            "\(output)")
        #expect(
            output.contains(
                "dialogue.yaml:\(matrix): error: 'matrix' is missing the required key 'encrypted_room' [missing-key]\n"),
            "\(output)")
    }

    @Test func lintWithoutADialogueFileFails() throws {
        var files = TestRules.baseFiles
        files["dialogue.yaml"] = nil
        let folder = try TestRules.folder(files, includeBase: false)
        let result = try HavenBinary.run(["rules", "lint", folder])
        #expect(result.status != 0)
        #expect(result.stdoutText.contains("error: no dialogue file"), "\(result.stdoutText)")
    }
}

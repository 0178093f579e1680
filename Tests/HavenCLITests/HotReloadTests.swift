import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// Rules reload in a running `haven serve`: a broken edit is refused, a good one is taken, and
/// the server answers throughout.
@Suite(.serialized)
struct HotReloadTests {
    /// Whether a reply is one of the prompts for messages with no pattern (or their follow-ups).
    static func isFallback(_ reply: String) -> Bool {
        [
            "I'd like to understand more", "Thank you for sharing that.", "What would help you feel a little safer",
            "If you told your partner",
            "What do you need most", "Earlier you mentioned",
        ].contains { reply.contains($0) }
    }

    @Test func refusesABrokenEditAndTakesAGoodOneWhileAnswering() throws {
        let rules = try TestRules.shippedCopy()
        let server = try ServeProcess(rules: rules, extra: ["--log-level", "notice"])
        let client = try server.connect()
        client.send(line: "my cat keeps sneezing on the sofa")
        #expect(client.readLine()?.contains("Hi, I'm Haven") == true)

        // A broken edit (a YAML syntax error) on SIGHUP: refused, the old rules stay live.
        let criticism = rules + "/criticism.yaml"
        let original = try String(contentsOfFile: criticism, encoding: .utf8)
        try (original + "\n  - broken: [unclosed\n").write(toFile: criticism, atomically: true, encoding: .utf8)
        server.child.signal(SIGHUP)
        client.send(line: "you never listen to me")
        let during = try #require(client.readLine())
        #expect(!Self.isFallback(during), "the old rules still see criticism: \(during)")
        // The reload runs in the background: let it read the broken file before it is mended
        // (on a busy machine the good edit below could otherwise land first).
        var refused = false
        for _ in 0..<150 where !refused {
            refused = server.child.stderrSoFar.contains("rules reload refused")
            if !refused { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(refused, "the broken edit was refused")

        // A good edit: a new criticism phrase, and a prompt that says so.
        // The new phrase goes into the first rule (the first `phrases:` list; later ones may be guards').
        let firstPhrases = try #require(original.range(of: "    phrases:\n"))
        let edited = original.replacingCharacters(
            in: firstPhrases, with: "    phrases:\n      - \"keeps sneezing on the sofa\"\n"
        )
        .replacingOccurrences(
            of: "prompts:\n", with: "prompts:\n  - text: RELOADED {clause}.\n    section: treat-them\n")
        try edited.write(toFile: criticism, atomically: true, encoding: .utf8)
        server.child.signal(SIGHUP)
        var reloaded = false
        for attempt in 0..<50 where !reloaded {
            client.send(line: "my cat keeps sneezing on the sofa, attempt \(attempt)")
            let reply = try #require(client.readLine())
            reloaded = !Self.isFallback(reply)
            if !reloaded { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(reloaded, "replies reflect the new rules after the good edit")
        let result = server.stop()
        #expect(result.stderrText.contains("rules reload refused; the previous rules stay live"))
        #expect(result.stderrText.contains("criticism.yaml:"))
        #expect(result.stderrText.contains("rules reloaded"))
    }

    /// A crisis file that loads on its own (a rule, an example it passes) but no longer catches a
    /// crisis example the live rules catch is refused: a reload must never narrow the safety tier.
    @Test func refusesAReloadThatWouldLoseALiveCrisisExample() throws {
        let rules = try TestRules.folder([:])
        let server = try ServeProcess(rules: rules, extra: ["--log-level", "notice"])
        let client = try server.connect()
        let narrowed = TestRules.baseFiles["crisis.yaml"]!
            .replacingOccurrences(of: "\"kill myself\", ", with: "")
            .replacingOccurrences(of: "I want to kill myself", with: "he hits me")
        try narrowed.write(toFile: rules + "/crisis.yaml", atomically: true, encoding: .utf8)
        server.child.signal(SIGHUP)
        var settled = false
        for _ in 0..<150 where !settled {
            settled =
                server.child.stderrSoFar.contains("rules reload refused")
                || server.child.stderrSoFar.contains("rules reloaded")
            if !settled { Thread.sleep(forTimeInterval: 0.2) }
        }
        client.send(line: "I want to kill myself")
        #expect(client.readLine()?.contains("Please get help.") == true, "the live crisis rules still answer")
        let result = server.stop()
        #expect(
            result.stderrText.contains("rules reload refused; the previous rules stay live"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("rules reloaded"))
        #expect(
            result.stderrText.contains(
                "crisis.yaml:11:12: error: safety tier: the new rules no longer catch the live crisis example written here"
            ))
        #expect(!result.stderrText.contains("kill myself"), "no example or message text in the log")
    }

    @Test func reloadsWhenARuleFileChangesWithoutASignal() throws {
        let rules = try TestRules.shippedCopy()
        let config = try temporaryConfig(#"{"rules": {"watch": true, "watchIntervalSeconds": 1}}"#)
        let server = try ServeProcess(rules: rules, config: config)
        let client = try server.connect()
        let fallback = rules + "/fallback.yaml"
        let text = try String(contentsOfFile: fallback, encoding: .utf8)
        let edited = text.replacingOccurrences(
            of: "  prompts:\n", with: "  prompts:\n    - text: WATCHED reply.\n      section: communicate\n"
        )
        .replacingOccurrences(
            of: #"(?m)^    - text: (?!WATCHED).*\n      section: .*\n"#, with: "", options: .regularExpression)
        try edited.write(toFile: fallback, atomically: true, encoding: .utf8)
        var seen = false
        for _ in 0..<40 where !seen {
            client.send(line: "we went to the market")
            seen = client.readLine()?.hasSuffix("WATCHED reply.") == true
            if !seen { Thread.sleep(forTimeInterval: 0.25) }
        }
        #expect(seen)
        _ = server.stop()
    }
}

import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven reflect` keeps compiled rules in a cache folder and notices every change to them.
struct RuleCacheTests {
    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("haven-cache-\(UUID().uuidString)").path
    }

    func cacheFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".bin") }
    }

    func reflect(_ message: String, rules: String, cache: String) throws -> ChildProcess.Result {
        try HavenBinary.run(
            ["reflect", "--format", "jsonl", "--rules", rules, message], environment: ["HAVEN_CACHE_DIR": cache])
    }

    @Test func writesOnceAndAnswersAlikeFromTheCache() throws {
        let cache = temporaryFolder()
        let message = "I'm not saying you never listen, but he called me pathetic"
        let first = try reflect(message, rules: TestRules.promptsPath, cache: cache)
        #expect(first.status == 0, "\(first.stderrText)")
        let files = cacheFiles(cache)
        #expect(files.count == 1)
        let written =
            try FileManager.default.attributesOfItem(atPath: cache + "/" + files[0])[.modificationDate] as? Date
        let second = try reflect(message, rules: TestRules.promptsPath, cache: cache)
        #expect(second.status == 0)
        #expect(second.stdoutText == first.stdoutText)
        #expect(second.stdoutText.contains(#""id":"contempt""#))
        let after = try FileManager.default.attributesOfItem(atPath: cache + "/" + files[0])[.modificationDate] as? Date
        #expect(after == written, "a cache hit does not rewrite the file")
        let uncached = try HavenBinary.run(
            ["reflect", "--format", "jsonl", message], environment: ["HAVEN_CACHE_DIR": ""])
        #expect(uncached.stdoutText == first.stdoutText)
    }

    @Test func anEditedRuleFileIsCompiledAfresh() throws {
        let rules = try TestRules.folder(["criticism.yaml": RulesCommandTests.category()])
        let cache = temporaryFolder()
        let before = try reflect("you never call", rules: rules, cache: cache)
        #expect(before.status == 0)
        #expect(before.stdoutText.contains(#""patterns":[]"#))
        let edited = RulesCommandTests.category(rule: #"    phrases: ["{partner} never (listen|listens|call|calls)"]"#)
        try edited.write(toFile: rules + "/criticism.yaml", atomically: true, encoding: .utf8)
        let after = try reflect("you never call", rules: rules, cache: cache)
        #expect(after.status == 0)
        #expect(after.stdoutText.contains(#""id":"criticism""#))
        #expect(cacheFiles(cache).count == 1, "one cache file per rule folder, replaced on change")
    }

    @Test func aDamagedCacheIsIgnoredAndReplaced() throws {
        let cache = temporaryFolder()
        let good = try reflect("you never listen to me", rules: TestRules.promptsPath, cache: cache)
        let file = cache + "/" + (try #require(cacheFiles(cache).first))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count / 2] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let damaged = try reflect("you never listen to me", rules: TestRules.promptsPath, cache: cache)
        #expect(damaged.status == 0)
        #expect(damaged.stdoutText == good.stdoutText)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) != bytes, "the damaged file was rewritten")
    }

    @Test func anUnwritableCacheFolderIsNotAnError() throws {
        let blocker = temporaryFolder()
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let result = try reflect("you never listen to me", rules: TestRules.promptsPath, cache: blocker + "/cache")
        #expect(result.status == 0)
        #expect(result.stdoutText.contains(#""id":"criticism""#))
        #expect(result.stderrText.isEmpty)
    }
}

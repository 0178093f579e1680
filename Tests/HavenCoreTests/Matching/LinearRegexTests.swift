import Testing

@testable import HavenCore

struct LinearRegexTests {
    func match(_ pattern: String, _ text: String) throws -> String? {
        let regex = try LinearRegex(pattern)
        let bytes = Array(text.utf8)
        guard let captures = regex.firstMatch(in: bytes[...]) else { return nil }
        return String(decoding: bytes[captures[0]..<captures[1]], as: UTF8.self)
    }

    @Test func matchesLeftmostFirstWithGreedyQuantifiers() throws {
        #expect(try match("you (never|always) \\w+", "and you never listen to me") == "you never listen")
        #expect(try match("a+", "baaab") == "aaa")
        #expect(try match("a+?", "baaab") == "a")
        #expect(try match("x|xy", "xy") == "x")
        #expect(try match("^you", "and you") == nil)
        #expect(try match("\\bnever\\b", "whenever never") == "never")
        #expect(try match("[^ ]+ing", "he is walking out") == "walking")
        #expect(try match("(ab){2,3}", "abababab") == "ababab")
    }

    @Test func returnsNamedCaptures() throws {
        let regex = try LinearRegex("called me (a|an) (?<insult>\\w+)")
        let bytes = Array("he called me an idiot again".utf8)
        let captures = try #require(regex.firstMatch(in: bytes[...]))
        let group = try #require(regex.groupNames["insult"])
        #expect(String(decoding: bytes[captures[2 * group]..<captures[2 * group + 1]], as: UTF8.self) == "idiot")
    }

    @Test func runsPathologicalPatternsInLinearTime() throws {
        // (a+)+b over 20,000 a's: exponential for a backtracking engine, one pass here.
        let regex = try LinearRegex("(a+)+b")
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: 20_000)
        #expect(regex.firstMatch(in: text[...]) == nil)
    }

    @Test(arguments: [
        ("(a", "missing ')'"),
        ("a)", "unbalanced ')'"),
        ("[ab", "missing ']'"),
        ("*a", "nothing to repeat before '*'"),
        ("(a)\\1", "backreferences are not supported"),
        ("(?=a)", "lookahead is not supported"),
        ("a{5,2}", "bad repetition {5,2}"),
    ])
    func rejectsUnsupportedSyntax(pattern: String, message: String) {
        #expect(throws: RegexSyntaxError.self) { try LinearRegex(pattern) }
        do {
            _ = try LinearRegex(pattern)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func findsAnchorsAndCatastrophicShapes() throws {
        func anchors(_ pattern: String) throws -> [String]? {
            RegexAnalysis.anchors(try LinearRegex(pattern).tree)?.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(try anchors("you (never|always) listen") == [" listen"])
        #expect(try anchors("(hit|slapped) me") == ["hit", "slapped"])
        #expect(try anchors("(hits|slapped)") == ["hits", "slapped"])
        #expect(try anchors("\\w+ing") == ["ing"])
        #expect(try anchors("\\w+\\s\\w+") == nil)
        func shape(_ pattern: String) throws -> String? {
            RegexAnalysis.catastrophicShape(try LinearRegex(pattern).tree)
        }
        #expect(try shape("(a+)+") != nil)
        #expect(try shape("(.*)*") != nil)
        #expect(try shape("(\\w+\\s?)+") != nil)
        #expect(try shape("(a|a)*") != nil)
        #expect(try shape("\\w+\\w+") != nil)
        #expect(try shape("you (never|always) \\w+") == nil)
    }
}

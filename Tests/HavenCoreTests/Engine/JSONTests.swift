import Foundation
import HavenCore
import Testing

/// The hand-written JSON strings must read back as what went in, wherever the special bytes fall
/// (the writer skips eight bytes at a time when none needs escaping).
struct JSONTests {
    @Test func stringsReadBackUnchanged() throws {
        var generator = SplitMix(seed: 3)
        let pieces = [
            "a", "B", "7", " ", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "’", "😔", "/", "~", "\u{7F}",
        ]
        for _ in 0..<2_000 {
            let value = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let encoded = "[" + JSON.string(value) + "]"
            let decoded = try JSONDecoder().decode([String].self, from: Data(encoded.utf8))
            #expect(decoded == [value], "\(encoded)")
        }
    }
}

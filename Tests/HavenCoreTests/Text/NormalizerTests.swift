import Foundation
import Testing

@testable import HavenCore

struct NormalizerTests {
    let normalizer = Normalizer(substitutions: ["u": "you"])

    @Test(arguments: [
        ("You never listen", "you never listen"),
        ("Don’t", "do not"),
        ("dont", "do not"),
        ("DON'T", "do not"),
        ("do not", "do not"),
        ("I can't", "i can not"),
        ("won’t", "will not"),
        ("you're so lazy", "you are so lazy"),
        ("youre so lazy", "you are so lazy"),
        ("what's wrong", "what is wrong"),
        ("my husband's phone", "my husband phone"),
        ("let's talk", "let us talk"),
        ("ｙｏｕ never", "you never"),
        ("neverrrr", "never"),
        ("u never", "you never"),
        ("self-centred", "self centred"),
        ("he's been distant", "he has been distant"),
        ("she's always been cold to me", "she has always been cold to me"),
        ("he’s never once had a job", "he has never once had a job"),
        ("shes always been like this", "she has always been like this"),
        ("he's not really been honest", "he has not really been honest"),
        ("she's got a temper", "she has got a temper"),
        ("it's just been hard", "it has just been hard"),
        ("he's always late", "he is always late"),
        ("she's never there, been there", "she is never there | been there"),
        ("he's very very really just not been", "he is very very really just not been"),
        ("she's late", "she is late"),
        ("SOOOO Tired", "so tired"),
        ("AAA", "a"),
        ("Room101 ABC", "room101 abc"),
        ("it’s OK'", "it is ok"),
        ("they'd've", "they'd have"),
        ("Sam's been", "sam been"),
        ("mustn't", "must not"),
        ("WHO'S there", "who is there"),
    ])
    func normalisesWords(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    /// Tabled contractions come out the same whichever apostrophe the person typed.
    @Test func expandsTabledContractionsAsTheGeneralRulesDo() {
        for (word, expansion) in Contractions.withApostrophe {
            #expect(
                normalizer.normalize(word.replacingOccurrences(of: "'", with: "\u{2019}")).text == expansion, "\(word)")
        }
    }

    /// "has" read from "he's" keeps the contraction's place in the message, and the words
    /// after it keep theirs.
    @Test func aPerfectHasKeepsEveryWordsPlaceInTheMessage() {
        let message = "so he's always been cold"
        let text = normalizer.normalize(message)
        #expect(text.text == "so he has always been cold")
        let originals = text.tokens.map { token in
            let bytes = Array(message.utf8)[Int(token.originalStart)..<Int(token.originalEnd)]
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(originals == ["so", "he's", "he's", "always", "been", "cold"])
    }

    @Test func breaksClausesAtPunctuationButNotInsideWords() {
        let text = normalizer.normalize("He left, again. Why?! (no idea)")
        #expect(text.text == "he left | again | why | no idea")
        #expect(text.clauseCount == 4)
    }

    @Test func keepsEmojiWithModifiersAsOneToken() {
        let text = normalizer.normalize("fine 🙄 ok 👍🏽 👨‍👩‍👧")
        let words = text.tokens.indices.map { text.text(of: $0..<($0 + 1)) }
        #expect(words == ["fine", "🙄", "ok", "👍🏽", "👨‍👩‍👧"])
    }

    @Test func treatsControlCharactersAndCRLFAsSpace() {
        #expect(normalizer.normalize("you\u{0}never\r\nlisten").text == "you never | listen")
    }

    @Test func mapsTokensBackToTheOriginalText() {
        let original = "Well, You DON’T listen"
        let text = normalizer.normalize(original)
        let range = 2..<5  // well | you do not
        #expect(text.text(of: range) == "you do not")
        #expect(text.originalText(of: range) == "You DON’T")
        #expect(text.originalSpan(of: range) == 6..<17)
    }

    @Test func handlesEmptyAndPunctuationOnlyInput() {
        #expect(normalizer.normalize("").tokens.isEmpty)
        #expect(normalizer.normalize("?!...").tokens.isEmpty)
        #expect(normalizer.normalize("   ").text == "")
    }

    @Test func lowercasesNonASCIILetters() {
        #expect(normalizer.normalize("ÉLODIE Ångström").text == "élodie ångström")
    }
}

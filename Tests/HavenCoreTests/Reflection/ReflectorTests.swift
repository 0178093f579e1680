import HavenCore
import Testing

struct ReflectorTests {
    let normalizer = Normalizer()

    func reflect(_ text: String) -> String {
        let normalized = normalizer.normalize(text)
        return Reflector.reflect(normalized, 0..<normalized.tokens.count)
    }

    @Test(arguments: [
        ("he never listens to me", "he never listens to you"),
        ("You never listen to me", "they never listen to you"),
        ("I told you that I was tired", "you told them that you were tired"),
        ("my wife ignores my feelings", "your wife ignores your feelings"),
        ("I'm always the one who apologises", "you're always the one who apologises"),
        ("you're so selfish with your time", "they're so selfish with their time"),
        ("YOU NEVER LISTEN TO ME", "they never listen to you"),
        ("She says I don’t care", "she says you don’t care"),
        ("Sam forgot my birthday", "Sam forgot your birthday"),
        // A third person's words about the writer keep their "you"; the partner's own do not.
        (
            "my husband keeps saying you never do anything right",
            "your husband keeps saying you never do anything right"
        ),
        ("he told me your friends are a waste of time", "he told you your friends are a waste of time"),
        ("She said that you are too sensitive", "she said that you are too sensitive"),
        ("You said you would call", "they said they would call"),
        ("I said you never listen", "you said they never listen"),
        ("he called me and you ignored me", "he called you and they ignored you"),
    ])
    func turnsPronounsAround(input: String, expected: String) {
        #expect(reflect(input) == expected)
    }

    @Test func capsTheLengthOfAReflection() {
        let long = Array(repeating: "word", count: 40).joined(separator: " ")
        #expect(reflect(long).split(separator: " ").count == Reflector.maxWords)
    }
}

import HavenCore
import HavenCoreTesting
import Testing

/// Reading a labelled set: `labels<TAB>message` lines, with a `path:line:` diagnostic for each bad line.
struct LabelledSetTests {
    static let categories = ["crisis", "criticism", "withdrawal"]

    func parse(_ text: String) -> LabelledSet {
        LabelledSet.parse(text, file: "set.tsv", categories: Self.categories)
    }

    @Test func readsLabelsPrimaryFirstAndSkipsCommentsAndBlankLines() {
        let set = parse(EvaluationFixture.labels)
        #expect(set.problems.isEmpty)
        #expect(set.messages.map(\.line) == [3, 4, 5, 7, 8, 9, 10])
        #expect(set.messages[1].labels == ["criticism", "withdrawal"])
        #expect(set.messages[1].text == "he never listens and then he walks out")
        // `none` is the empty set of labels.
        #expect(set.messages[5].labels == [])
    }

    @Test func keepsTabsInsideTheMessageAndAcceptsCRLF() {
        let set = parse("criticism\tyou never\tlisten\r\nnone\tfine\r\n")
        #expect(set.problems.isEmpty)
        #expect(set.messages.map(\.text) == ["you never\tlisten", "fine"])
    }

    @Test func toleratesSpacesAroundLabelsAndDropsARepeatedOne() {
        let set = parse("criticism , withdrawal,criticism\tyou never listen\n")
        #expect(set.problems.isEmpty)
        #expect(set.messages.first?.labels == ["criticism", "withdrawal"])
    }

    @Test(arguments: [
        ("criticism you never listen", "set.tsv:2: error: no tab between the labels and the message"),
        ("critcism\tyou never listen", "set.tsv:2: error: unknown label 'critcism' (did you mean 'criticism'?)"),
        (
            "happy\tyou never listen",
            "set.tsv:2: error: unknown label 'happy' (labels: crisis, criticism, withdrawal, none)"
        ),
        ("criticism\t   ", "set.tsv:2: error: empty message"),
        ("criticism\t", "set.tsv:2: error: empty message"),
        ("none,criticism\tyou never listen", "set.tsv:2: error: 'none' cannot be combined with other labels"),
        ("\tyou never listen", "set.tsv:2: error: no labels before the tab"),
        ("crisis,,criticism\tyou never listen", "set.tsv:2: error: empty label in 'crisis,,criticism'"),
        // Columns swapped: the message text is not quoted back.
        (
            "you never listen to me\tcriticism",
            "set.tsv:2: error: labels are category ids separated by commas (are the columns swapped?)"
        ),
    ])
    func reportsABadLineWithItsNumber(line: String, expected: String) {
        let set = parse("none\tfine\n\(line)\ncriticism\tyou never listen\n")
        #expect(set.problems.map(\.description) == [expected])
        // The good lines around it are still read.
        #expect(set.messages.map(\.line) == [1, 3])
    }

    @Test func reportsEveryBadLine() {
        let set = parse("# header\nsadness\tone\n\ncriticism\n")
        #expect(
            set.problems.map(\.description) == [
                "set.tsv:2: error: unknown label 'sadness' (labels: crisis, criticism, withdrawal, none)",
                "set.tsv:4: error: no tab between the labels and the message",
            ])
    }
}

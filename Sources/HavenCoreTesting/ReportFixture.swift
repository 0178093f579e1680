import Foundation

/// Inputs for `haven rules report` tests, in the tests' own words: the rules of
/// ``EvaluationFixture``, an older copy of them without `criticism.always`, a labelled file with a
/// message full of HTML, and a small corpus.
public enum ReportFixture {
    /// A message that must come out as text: markup, an ampersand and both kinds of quotes.
    public static let hostileMessage = #"<script>alert("x")</script> & my husband always forgets the 'milk'"#

    /// Eight labelled messages. With ``EvaluationFixture/ruleFiles``, by hand:
    ///
    /// | line | labels | detected |
    /// | --- | --- | --- |
    /// | 2 | criticism | criticism |
    /// | 3 | criticism, withdrawal | criticism, withdrawal |
    /// | 4 | withdrawal | withdrawal |
    /// | 5 | withdrawal | nothing (a miss) |
    /// | 6 | crisis | crisis |
    /// | 7 | crisis | nothing (a missed crisis) |
    /// | 8 | none | nothing |
    /// | 9 | none | criticism, by `criticism.always` (a false alarm) |
    ///
    /// crisis TP 1 FP 0 FN 1 (P 1.00, R 0.50, F1 0.67); criticism TP 2 FP 1 FN 0 (0.67, 1.00,
    /// 0.80); withdrawal TP 2 FP 0 FN 1 (1.00, 0.67, 0.80); top-1 5 of 8. Without
    /// `criticism.always` (``oldRuleFiles``) line 9 is not caught: criticism 1.00, 1.00, 1.00.
    public static let labels = """
        # my own test messages
        criticism\tyou never listen when I talk about work
        criticism,withdrawal\the never listens and then he walks out
        withdrawal\tshe walked out in the middle of dinner
        withdrawal\the stopped answering my texts for days
        crisis\the hits me when he drinks
        crisis\tsometimes I think about ending it all
        none\twe cooked pasta together tonight
        none\t\(hostileMessage)

        """

    /// Six messages: `criticism.never` fires in 3, `criticism.always` and `withdrawal.silent` in
    /// 1 each, `crisis.harm` in none.
    public static let corpus = """
        you never listen to me
        my partner never listens
        he walked out again
        my husband always forgets our plans
        nothing to see here
        you never listen, ever

        """

    /// The rules before the edit: ``EvaluationFixture/ruleFiles`` without the rule `criticism.always`.
    public static var oldRuleFiles: [String: String] {
        var files = EvaluationFixture.ruleFiles
        files["criticism.yaml"] = """
            version: 1
            category: criticism
            title: Criticism
            priority: 60
            rules:
              - id: criticism.never
                phrases: ["{partner} never (listen|listens)"]
            prompts:
              - text: It sounds like {clause}.
                section: listen
            examples:
              match: ["you never listen"]
            """
        return files
    }
}

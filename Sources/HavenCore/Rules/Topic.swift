/// A section of the article, offered as a topic with tips.
package struct Topic: Sendable {
    package let id: String
    package let title: String
    package let summary: String
    package let tips: [String]
}

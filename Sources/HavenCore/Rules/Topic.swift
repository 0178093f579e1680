/// A section of the article, offered as a topic with tips.
public struct Topic: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    public let tips: [String]
}

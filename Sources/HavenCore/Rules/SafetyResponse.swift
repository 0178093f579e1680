/// The calm reply to a message that shows danger.
public struct SafetyResponse: Sendable {
    /// The response, with `{resources}` where the resources go.
    public let template: String
    /// The default resources text (config can replace it).
    public let resources: String
    public let sections: [String]

    /// The response with the given resources (or the default ones).
    public func text(resources override: String? = nil) -> String {
        template.replacingPlaceholder("resources", with: override ?? resources)
    }
}

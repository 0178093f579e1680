/// The calm reply to a message that shows danger.
package struct SafetyResponse: Sendable {
    /// The response, with `{resources}` where the resources go.
    package let template: String
    /// The default resources text (config can replace it).
    package let resources: String
    package let sections: [String]

    /// The response with the given resources (or the default ones).
    package func text(resources override: String? = nil) -> String {
        template.replacingPlaceholder("resources", with: override ?? resources)
    }
}

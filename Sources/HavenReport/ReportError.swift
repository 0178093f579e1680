/// Errors of the report page: short, lower-case, quoting the value at fault (never message text).
package enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case template(String)

    package var description: String {
        switch self {
        case .template(let reason): "report template does not render: \(reason)"
        }
    }
}

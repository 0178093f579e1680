import Foundation

extension Duration {
    /// Whole milliseconds (rounded down), for delays and metadata.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }

    /// Milliseconds with two decimals, for log metadata.
    public var formattedMilliseconds: String {
        String(format: "%.2f", Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15)
    }
}

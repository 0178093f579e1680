/// What a statement returned: its rows and how many rows it changed.
public struct PostgresResult: Sendable {
    public var rows: [PostgresRow]
    /// `PQcmdTuples`: rows inserted, updated or deleted (0 for other statements).
    public var changed: Int
}

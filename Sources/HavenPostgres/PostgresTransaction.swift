public import HavenStore

/// The connection of a transaction in progress, for ``PostgresPool/transaction(_:)``.
public struct PostgresTransaction {
    let connection: PostgresConnection

    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> PostgresResult {
        try connection.execute(sql, parameters)
    }

    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> [PostgresRow] {
        try connection.execute(sql, parameters).rows
    }

    func executeScript(_ sql: String) throws(StoreError) {
        try connection.executeScript(sql)
    }
}

/// Something done to the state file under an open connection, noticed before the next statement.
///
/// Descriptions name the file and what happened, never what it holds.
public enum StateFileFault: Sendable, Equatable, CustomStringConvertible {
    /// The WAL index (`-shm`) shrank; its size was put back so SQLite rebuilds it from the WAL.
    case indexTruncated(String)
    /// The WAL index was deleted or replaced; the connection was reopened onto the file at the path.
    case indexReplaced(String)
    /// The state file was deleted; the open copy was written back to the path and reopened.
    case fileDeleted(String)
    /// Another file was put at the path; the open copy was saved as `PATH.displaced` and the
    /// connection reopened onto the new file.
    case fileReplaced(String)

    public var description: String {
        switch self {
        case .indexTruncated(let path):
            "state file index '\(path)-shm' was truncated; its size was restored and SQLite rebuilds it from the WAL"
        case .indexReplaced(let path):
            "state file index '\(path)-shm' was deleted or replaced; the state file was reopened"
        case .fileDeleted(let path): "state file was deleted: '\(path)'; written back from the open copy"
        case .fileReplaced(let path):
            "state file was replaced: '\(path)'; now using it, the previous copy was saved as '\(path).displaced'"
        }
    }
}

import Foundation

/// Compares the state file and its WAL index (`-shm`) at their paths with the ones a connection
/// opened, before each statement.
///
/// SQLite maps the `-shm` file into memory: if it shrinks, the next access is SIGBUS and the
/// process dies. Growing it back to the size SQLite mapped (zero-filled) makes every page valid
/// again; SQLite sees an uninitialised index header and rebuilds the index from the WAL, which is
/// its normal recovery. A check costs two `stat` calls. The gap between the check and SQLite's
/// next access is not closed: a truncation landing inside it still kills the process.
struct StateFileWatch {
    /// What a check found.
    enum Finding: Equatable {
        case intact
        case indexTruncated
        case indexReplaced
        case fileDeleted
        case fileReplaced
    }

    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    let path: String
    private var file: Identity?
    private var index: Identity?
    private var indexBytes: Int64 = 0

    /// Records the files at `path` as the ones the connection has just opened.
    init(path: String) {
        self.path = path
        file = Self.identity(path)?.0
        if let (identity, bytes) = Self.identity(path + "-shm") {
            index = identity
            indexBytes = bytes
        }
    }

    /// Looks at both files and repairs a shrunk index in place; the caller handles the rest.
    mutating func check() -> Finding {
        let indexPath = path + "-shm"
        let current = Self.identity(indexPath)
        if let index, let (identity, bytes) = current, identity == index {
            if bytes < indexBytes {
                // By path, not through a descriptor of our own: closing any descriptor of the
                // -shm file would drop the fcntl locks SQLite holds on it in this process.
                guard truncate(indexPath, off_t(indexBytes)) == 0 else { return .indexReplaced }
                return .indexTruncated
            }
            indexBytes = bytes
        }
        // The main file first: when it has gone, its -shm has usually gone with it.
        if let file {
            guard let (identity, _) = Self.identity(path) else { return .fileDeleted }
            if identity != file { return .fileReplaced }
        }
        if let index {
            guard let (identity, _) = current, identity == index else { return .indexReplaced }
        } else if let (identity, bytes) = current {
            index = identity
            indexBytes = bytes
        }
        return .intact
    }

    private static func identity(_ path: String) -> (Identity, Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), Int64(info.st_size))
    }
}

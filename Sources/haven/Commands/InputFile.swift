import HavenFrontend

#if canImport(Glibc)
    import Glibc
#endif

/// A file of lines named on the command line (a labelled set, a corpus).
enum InputFile {
    /// The lines of `path`; a missing or unreadable file (or a folder) is an error, status 66.
    static func lines(_ path: String) throws -> [String] {
        let descriptor = open(path, O_RDONLY)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else {
            if descriptor >= 0 { close(descriptor) }
            throw CommandFailure(HavenExit.noInput, FrontendError.unreadable(path))
        }
        defer { close(descriptor) }
        var input = InputReader(descriptor: descriptor)
        var lines: [String] = []
        while let line = input.nextLine() { lines.append(line) }
        if let line = input.firstInvalidLine { printInvalidInputWarning(firstLine: line) }
        return lines
    }
}

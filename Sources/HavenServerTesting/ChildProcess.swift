public import Foundation
import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with `posix_spawn`, with a clean signal mask, feeding stdin and collecting output.
///
/// Foundation's `Process`, started from a Swift-concurrency thread, hands the child that
/// thread's blocked signals, so SIGTERM and SIGHUP would be ignored by the child under test.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let stdinWrite: Int32
    private let stdoutRead: Int32

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Starts `executable`; its standard input is a pipe, or the file or folder at `stdinPath`
    /// (opened read-only by the child, so a folder gives it a read error, as a shell's `<` would).
    /// Its standard error is a pipe, or the file (a terminal, say) at `stderrPath`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdinPath: String? = nil,
        stderrPath: String? = nil
    ) throws {
        var inPipe: [Int32] = [0, 0]
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        // Close-on-exec, and created under one lock with the spawn, so a child started by another
        // test at the same moment does not inherit this child's stdin and keep it open: the child
        // would then never see the end of its input. (Glibc's module does not export `pipe2`.)
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw TestFailure("pipe failed") }
        for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinPath {
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        if let stderrPath { posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_NOCTTY, 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptySet = sigset_t()
        sigemptyset(&emptySet)
        posix_spawnattr_setsigmask(&attributes, &emptySet)
        var defaultSet = sigset_t()
        sigemptyset(&defaultSet)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaultSet, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSet)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            close(errPipe[0])
            throw TestFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        stdinWrite = inPipe[1]
        stdoutRead = outPipe[0]
        // Drain standard error from the start: a long-running child that logs would otherwise
        // block once the pipe is full.
        let box = errBox
        let descriptor = errPipe[0]
        Thread { box.drain(descriptor) }.start()
    }

    private let errBox = DataBox()
    private static let spawnLock = NSLock()

    /// What the child wrote to standard error so far.
    public var stderrSoFar: String { String(decoding: errBox.snapshot, as: UTF8.self) }

    /// Runs to completion with `input` on stdin; kills the child after `timeout` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data = Data(), environment: [String: String] = [:],
        stdinPath: String? = nil,
        stderrPath: String? = nil, timeout: Double = 60
    ) throws -> Result {
        let child = try ChildProcess(
            executable, arguments, environment: environment, stdinPath: stdinPath, stderrPath: stderrPath)
        return child.finish(input: input, timeout: timeout)
    }

    /// Writes `input`, closes stdin, reads both outputs to the end and waits for exit.
    public func finish(input: Data = Data(), timeout: Double = 60) -> Result {
        let writer = Thread { [stdinWrite] in
            input.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(stdinWrite, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(stdinWrite)
        }
        writer.start()
        let deadline = Date().addingTimeInterval(timeout)
        let killer = Thread { [pid] in
            while Date() < deadline {
                if kill(pid, 0) != 0 { return }
                usleep(50_000)
            }
            kill(pid, SIGKILL)
        }
        killer.start()
        let out = Self.readAll(stdoutRead)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        while !errBox.done { usleep(1_000) }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exit, stdout: out, stderr: errBox.snapshot)
    }

    /// Reads the child's standard output up to the next newline (nil at end of output or after `timeout`).
    public func readStdoutLine(timeout: Double = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = stdoutPending.firstIndex(of: 10) {
                let line = Array(stdoutPending[..<newline])
                stdoutPending.removeSubrange(...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: stdoutRead, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBufferPointer { read(stdoutRead, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            stdoutPending += buffer[0..<count]
        }
    }

    private var stdoutPending: [UInt8] = []

    /// Waits for the child to exit (killing it after `timeout`) and returns its status and remaining output.
    public func wait(timeout: Double = 30) -> Result {
        let rest = finish(input: Data(), timeout: timeout)
        return Result(status: rest.status, stdout: Data(stdoutPending) + rest.stdout, stderr: rest.stderr)
    }

    /// The child's resident memory in bytes (`VmRSS` in `/proc/PID/status`), or nil once it has gone.
    public var residentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({
                Int($0)
            })
        else { return nil }
        return kilobytes * 1024
    }

    /// Sends a signal to the child.
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Writes to the child's stdin without closing it.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBufferPointer { Glibc.write(stdinWrite, $0.baseAddress, $0.count) }
    }

    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage = Data()
        private var finished = false
        var snapshot: Data { lock.withLock { storage } }
        var done: Bool { lock.withLock { finished } }

        func drain(_ fd: Int32) {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                lock.withLock { storage.append(contentsOf: buffer[0..<count]) }
            }
            close(fd)
            lock.withLock { finished = true }
        }
    }

    static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        close(fd)
        return data
    }
}

/// The built `haven` binary, beside the test bundle.
public enum HavenBinary {
    public static var path: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The test runner may be inside a .xctest bundle folder.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("haven").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("haven").path
    }

    /// A compiled-rule cache folder for this test process, so tests never write to `~/.cache`.
    public static let cacheDirectory: String = FileManager.default.temporaryDirectory
        .appendingPathComponent("haven-test-cache-\(getpid())").path

    /// Runs `haven` with arguments and stdin, using the shipped rules unless `--rules` is given.
    public static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = [:], timeout: Double = 60
    ) throws
        -> ChildProcess.Result
    {
        try run(arguments, data: Data(input.utf8), environment: environment, timeout: timeout)
    }

    public static func run(_ arguments: [String], data: Data, environment: [String: String] = [:], timeout: Double = 60)
        throws
        -> ChildProcess.Result
    {
        try run(arguments, data: data, environment: environment, stdinPath: nil, timeout: timeout)
    }

    /// Runs `haven` with the file or folder at `stdinPath` as its standard input.
    public static func run(_ arguments: [String], stdinPath: String, timeout: Double = 60) throws -> ChildProcess.Result
    {
        try run(arguments, data: Data(), environment: [:], stdinPath: stdinPath, timeout: timeout)
    }

    /// Runs `haven` with standard error on the file at `stderrPath` (a ``PseudoTerminal``, say)
    /// and standard input from `stdinPath`, or else `input`.
    public static func run(
        _ arguments: [String], input: String = "", stdinPath: String? = nil, stderrPath: String, timeout: Double = 60
    ) throws
        -> ChildProcess.Result
    {
        try run(
            arguments, data: Data(input.utf8), environment: [:], stdinPath: stdinPath, stderrPath: stderrPath,
            timeout: timeout)
    }

    private static func run(
        _ arguments: [String], data: Data, environment: [String: String], stdinPath: String?, stderrPath: String? = nil,
        timeout: Double
    ) throws -> ChildProcess.Result {
        let defaults = ["HAVEN_RULES": TestRules.promptsPath, "HAVEN_CACHE_DIR": cacheDirectory]
        return try ChildProcess.run(
            path, arguments, input: data, environment: defaults.merging(environment) { $1 }, stdinPath: stdinPath,
            stderrPath: stderrPath,
            timeout: timeout)
    }
}

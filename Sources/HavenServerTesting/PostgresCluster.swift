public import Foundation
public import HavenCoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL cluster on 127.0.0.1, started once per test process, and a fresh
/// database for each test that asks (so tests never share rows).
///
/// `initdb` into a temporary folder, then `postgres` on a free port, listening on 127.0.0.1 only
/// (TCP needs the password, ``password``; the Unix socket in the folder is `trust`, for the
/// harness's own `psql`). PostgreSQL refuses to run as root, so as root both run as the
/// `postgres` system user. The server runs under a small shell watchdog that stops it (fast
/// shutdown) as soon as the test process is gone, even if it crashed; a normal exit stops it at
/// once. The binaries come from `$HAVEN_PG_BINDIR`, `pg_config --bindir`, or
/// `/usr/lib/postgresql/*/bin`; missing, every PostgreSQL test fails saying so (never skips):
/// `scripts/install-deps` installs them.
public final class PostgresCluster: @unchecked Sendable {
    public let directory: String
    public let binDirectory: String
    public let port: Int
    /// The superuser, `postgres`, whose password TCP connections must give.
    public let user = "postgres"
    public let password: String
    /// How long `initdb` and the server's start took, in seconds (a figure, never asserted on).
    public let startSeconds: Double
    private let postmasterPID: pid_t
    /// The shell that runs the server and stops it when the test process is gone.
    private let watchdog: ChildProcess

    public static let shared: Result<PostgresCluster, TestFailure> = {
        do {
            return .success(try PostgresCluster())
        } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    /// The shared cluster, or the reason it could not start (a test failure, not a skip).
    public static func get() throws -> PostgresCluster { try shared.get() }

    /// Starts a cluster that the watchdog ties to process `parent` (this process by default).
    public init(parent: pid_t = getpid()) throws {
        let started = Date()
        binDirectory = try Self.findBinaries()
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("haven-pg-\(UUID().uuidString.prefix(8))")
            .path
        password = "pw-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try password.write(toFile: directory + "/password", atomically: true, encoding: .utf8)
        let asRoot = getuid() == 0
        if asRoot {
            guard let account = getpwnam("postgres") else {
                throw TestFailure(
                    "running as root, PostgreSQL needs the 'postgres' system user to run as: run scripts/install-deps")
            }
            for path in [directory, directory + "/password"] {
                chown(path, account.pointee.pw_uid, account.pointee.pw_gid)
            }
        }
        let prefix = asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let initdbCommand = prefix + [binDirectory + "/initdb"]
        let initdb = try ChildProcess.run(
            initdbCommand[0],
            Array(initdbCommand.dropFirst()) + [
                "-D", directory + "/data", "-U", "postgres", "--pwfile", directory + "/password", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ], timeout: 120)
        guard initdb.status == 0 else { throw TestFailure("initdb failed: \(initdb.stderrText)") }
        let reserved = try ReservedPort.refusing()
        port = reserved.port
        reserved.close()
        // The watchdog: the server in the background, and a loop that stops it once `parent` is
        // gone. Durability is off: a test cluster is thrown away, and this keeps it quick.
        let server = [
            binDirectory + "/postgres", "-D", directory + "/data", "-k", directory, "-p", String(port), "-c",
            "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c",
            "max_connections=200",
        ].map(Self.shellQuoted).joined(separator: " ")
        let script = """
            \(server) >\(Self.shellQuoted(directory + "/server.log")) 2>&1 &
            pg=$!
            while [ -d /proc/\(parent) ] && kill -0 $pg 2>/dev/null; do sleep 1; done
            kill -INT $pg 2>/dev/null
            wait $pg
            """
        let shell = prefix + ["/bin/sh"]
        watchdog = try ChildProcess(shell[0], Array(shell.dropFirst()) + ["-c", script])
        var ready = false
        for _ in 0..<600 where !ready {
            ready =
                (try? ChildProcess.run(
                    binDirectory + "/pg_isready", ["-h", directory, "-p", String(port), "-q"], timeout: 10))?.status
                == 0
            if !ready { usleep(100_000) }
        }
        let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
        guard ready, let pidText = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8),
            let pid = pid_t(pidText.split(separator: "\n").first ?? "")
        else { throw TestFailure("postgres did not start: \(log)") }
        postmasterPID = pid
        startSeconds = Date().timeIntervalSince(started)
        if parent == getpid() {
            PostgresCluster.stopAtExit.append({ [pid, directory] in Self.stop(pid: pid, directory: directory) })
            if PostgresCluster.stopAtExit.count == 1 { atexit { for stop in PostgresCluster.stopAtExit { stop() } } }
        }
    }

    nonisolated(unsafe) static var stopAtExit: [() -> Void] = []

    /// Whether the server is still running.
    public var isRunning: Bool { kill(postmasterPID, 0) == 0 }

    /// Stops the server (fast shutdown) and waits for it to go, then removes the folder.
    public func stop() { Self.stop(pid: postmasterPID, directory: directory) }

    private static func stop(pid: pid_t, directory: String) {
        kill(pid, SIGINT)
        for _ in 0..<300 where kill(pid, 0) == 0 { usleep(100_000) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A new, empty database; its name.
    public func createDatabase() throws -> String {
        let name = "haven_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return name
    }

    /// Runs SQL through `psql` on the socket (as the superuser, no password) and returns the
    /// rows, columns split on tabs. For tests that look at tables directly.
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> [[String]] {
        let result = try ChildProcess.run(
            binDirectory + "/psql",
            [
                "-h", directory, "-p", String(port), "-U", user, "-d", database, "-X", "-q", "-A", "-t", "-F", "\t",
                "-v", "ON_ERROR_STOP=1", "-c", sql,
            ],
            timeout: 60)
        guard result.status == 0 else { throw TestFailure("psql failed: \(result.stderrText)") }
        return result.stdoutText.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// An integer from one query (a count, say).
    public func count(_ sql: String, database: String) throws -> Int {
        guard let text = try psql(sql, database: database).first?.first, let value = Int(text) else {
            throw TestFailure("not a number from: \(sql)")
        }
        return value
    }

    private static func findBinaries() throws -> String {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["HAVEN_PG_BINDIR"] { candidates.append(configured) }
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let result = try? ChildProcess.run(pgConfig, ["--bindir"], timeout: 10), result.status == 0 {
                candidates.append(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/initdb") {
            return candidate
        }
        throw TestFailure(
            "PostgreSQL server binaries (initdb, postgres) not found in \(candidates.isEmpty ? "/usr/lib/postgresql/*/bin" : candidates.joined(separator: ", ")): run scripts/install-deps (Debian: postgresql)"
        )
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

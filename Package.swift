// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Haven",
    products: [
        .executable(name: "haven", targets: ["haven"]),
        .executable(name: "haven-serve", targets: ["haven-serve"]),
        .library(name: "HavenCore", targets: ["HavenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Rules, normalisation, matching, reflection, replies and the dialogue state machine:
        // values in, values out. No networking, no files, no NIO, no libcurl.
        .target(
            name: "HavenCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // The matcher's notes for people who change it; not a resource.
            exclude: ["Matching/README.md"]
        ),
        // libcurl, as Debian ships it, with typed shims for its variadic setters.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // A small async HTTP client over libcurl: every outbound request goes through it.
        .target(
            name: "HavenHTTP",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]
        ),
        // SQLite (the system library) for conversation state.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // The conversation state store: a protocol, SQLite and in-memory implementations.
        .target(name: "HavenStore", dependencies: ["HavenCore", "CSQLite"]),
        // libpq, PostgreSQL's own C client, as Debian ships it. Chosen over an async driver because
        // the store protocol is synchronous with typed throws, like SQLite's: libpq fits it with no
        // async bridge and no dependency tree to build.
        .systemLibrary(
            name: "CPostgreSQL",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The PostgreSQL state store, for several instances sharing one state.
        .target(name: "HavenPostgres", dependencies: ["HavenCore", "HavenStore", "CPostgreSQL"]),
        // What every long-running adapter shares: configuration, conversations over the store,
        // live rules with reload, retention. No NIO and no libcurl.
        .target(
            name: "HavenRuntime",
            dependencies: [
                "HavenCore", "HavenStore", "HavenRuleFiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The plain-text TCP adapter (SwiftNIO).
        .target(
            name: "HavenTCP",
            dependencies: [
                "HavenRuntime",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The Matrix adapter (client-server API v3 over the libcurl HTTP client).
        .target(
            name: "HavenMatrix",
            dependencies: [
                "HavenRuntime", "HavenHTTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The Matrix adapter as an application service: the homeserver pushes transactions to a
        // Hummingbird 2 listener, so several instances can serve behind a load balancer.
        .target(
            name: "HavenMatrixAppService",
            dependencies: [
                "HavenMatrix", "HavenRuntime", "HavenStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The webhook adapter: an inbound endpoint (Hummingbird 2) and outbound delivery with an outbox.
        .target(
            name: "HavenWebhooks",
            dependencies: [
                "HavenRuntime", "HavenHTTP", "HavenStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `haven serve`: every enabled adapter under one service group.
        .target(
            name: "HavenServer",
            dependencies: [
                "HavenRuntime", "HavenRuleFiles", "HavenTCP", "HavenMatrix", "HavenMatrixAppService", "HavenWebhooks",
                "HavenHTTP", "HavenStore", "HavenPostgres",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The rule folder on disk: finding it, reading it, its fingerprint for the watcher, and the
        // compiled-rules cache. Servers and the commands both need it; it knows nothing of terminals.
        .target(name: "HavenRuleFiles", dependencies: ["HavenCore"]),
        // Terminal plumbing for the commands only: stdin, buffered stdout, progress lines, exit statuses.
        .target(
            name: "HavenFrontend",
            dependencies: [
                "HavenCore", "HavenRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `haven rules report`: the report page's model (from the tooling reports) and its
        // Mustache rendering, kept out of HavenCore so the core never depends on a template library.
        .target(
            name: "HavenReport", dependencies: ["HavenCore", .product(name: "Mustache", package: "swift-mustache")]),
        // The thin command-line front end.
        .executableTarget(
            name: "haven",
            dependencies: [
                "HavenCore",
                "HavenFrontend",
                "HavenRuleFiles",
                "HavenReport",
                "HavenStore",
                "HavenRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The server program `haven serve` hands over to: every adapter, under one service group.
        .executableTarget(
            name: "haven-serve",
            dependencies: [
                "HavenFrontend",
                "HavenRuntime",
                "HavenServer",
                "HavenTCP",
                "HavenMatrix",
                "HavenMatrixAppService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test helpers for the pure logic: rule fixtures, the golden corpus, labelled sets, report
        // fixtures. No NIO and no processes, so the core tests link only what they test.
        .target(name: "HavenCoreTesting", dependencies: ["HavenCore"]),
        // Test helpers that run things: child processes and the built binaries, `haven serve` in
        // the test's process, sockets, a pty, the fault-injecting HTTP server (NIO), Synapse, a
        // throwaway PostgreSQL, a tmpfs.
        .target(
            name: "HavenServerTesting",
            dependencies: [
                "HavenCore", "HavenCoreTesting", "HavenServer", "HavenRuntime", "HavenTCP", "HavenWebhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "HavenCoreTests", dependencies: ["HavenCore", "HavenCoreTesting"]),
        .testTarget(
            name: "HavenHTTPTests",
            dependencies: [
                "HavenHTTP", "HavenCoreTesting", "HavenServerTesting",
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HavenStoreTests",
            dependencies: ["HavenStore", "HavenPostgres", "HavenCoreTesting", "HavenServerTesting"]),
        .testTarget(
            name: "HavenMatrixTests",
            dependencies: [
                "haven", "haven-serve", "HavenMatrix", "HavenMatrixAppService", "HavenHTTP", "HavenRuntime",
                "HavenCore",
                "HavenCoreTesting", "HavenServerTesting", "HavenStore",
            ]),
        .testTarget(
            name: "HavenWebhooksTests",
            dependencies: [
                "haven", "haven-serve", "HavenWebhooks", "HavenHTTP", "HavenStore", "HavenCoreTesting",
                "HavenServerTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "HavenCLITests",
            dependencies: [
                "haven", "haven-serve", "HavenCoreTesting", "HavenServerTesting", "HavenStore", "HavenRuleFiles",
            ]),
        .testTarget(
            name: "HavenServerTests",
            dependencies: [
                "HavenServer", "HavenRuntime", "HavenStore", "HavenPostgres", "HavenCore", "HavenCoreTesting",
                "HavenServerTesting", "HavenTCP", "HavenMatrix", "HavenWebhooks",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HavenReportTests", dependencies: ["HavenReport", "HavenCore", "HavenCoreTesting"]),
    ]
)

// libFuzzer targets, only when HAVEN_FUZZ=1 (scripts/fuzz sets it), so normal builds and
// `swift test` never compile them. Each is one file exporting LLVMFuzzerTestOneInput and an entry
// point that hands it to libFuzzer's driver; they are built with `-sanitize=fuzzer`.
if Context.environment["HAVEN_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .target(
            name: "FuzzSupport", dependencies: ["CFuzzDriver", "HavenCore", "HavenRuleFiles"], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "fuzz-rules", dependencies: ["FuzzSupport", "HavenCore"], path: "Fuzz/fuzz-rules"),
        .executableTarget(name: "fuzz-matcher", dependencies: ["FuzzSupport", "HavenCore"], path: "Fuzz/fuzz-matcher"),
        .executableTarget(
            name: "fuzz-config", dependencies: ["FuzzSupport", "HavenCore", "HavenRuntime", "HavenServer", "HavenTCP"],
            path: "Fuzz/fuzz-config"),
        .executableTarget(
            name: "fuzz-webhooks", dependencies: ["FuzzSupport", "HavenWebhooks", "HavenRuntime"],
            path: "Fuzz/fuzz-webhooks"),
        .executableTarget(
            name: "fuzz-lines",
            dependencies: [
                "FuzzSupport", "HavenTCP", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Fuzz/fuzz-lines"),
    ]
}

// Benchmarks as code (ordo-one/package-benchmark), only with HAVEN_BENCHMARKS=1, so ordinary builds
// and the tests neither fetch nor build it: `scripts/bench-check` (see Benchmarks/README.md).
if Context.environment["HAVEN_BENCHMARKS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "HavenBenchmarks",
            dependencies: ["HavenCore", "HavenRuleFiles", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/HavenBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
}

// One list of language settings for every Swift target: existentials spelled `any`, members
// visible only from modules a file imports itself, and imports internal unless a file says
// `public import` (so a module's public API names every module it exposes).
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}

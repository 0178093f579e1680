// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Haven",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "haven", targets: ["haven"]),
        .library(name: "HavenCore", targets: ["HavenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Rules, normalisation, matching, reflection and replies: values in, values out.
        // No networking, no files: callers hand it text.
        .target(
            name: "HavenCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // File and terminal plumbing shared by the commands: rule folders, stdin, buffered stdout.
        .target(name: "HavenFrontend", dependencies: ["HavenCore"]),
        // The thin command-line front end.
        .executableTarget(
            name: "haven",
            dependencies: [
                "HavenCore",
                "HavenFrontend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by every test target.
        .target(name: "HavenTesting", dependencies: ["HavenCore"], path: "Sources/HavenTesting"),
        .testTarget(name: "HavenCoreTests", dependencies: ["HavenCore", "HavenTesting"]),
        .testTarget(name: "HavenCLITests", dependencies: ["haven", "HavenTesting"]),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}

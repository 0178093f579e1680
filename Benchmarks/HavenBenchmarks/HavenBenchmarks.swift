import Benchmark
import Foundation
import HavenCore
import HavenRuleFiles

/// The engine's hot paths, measured by ordo-one/package-benchmark with allocations counted.
///
/// Inputs are the repository's own: the shipped rules in `Prompts/` and the golden corpus's
/// messages (`Tests/Golden/messages.txt`, written for the repository). Each benchmark's unit is one
/// pass over those 2,600 messages (or one rule set, or one cold start).
///
/// Allocation counts are exact and the same on every run, so their thresholds are tight; times
/// vary with the machine and are measured only with `HAVEN_BENCH_TIME=1`.
let benchmarks: @Sendable () -> Void = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let sources: [RuleSource]
    do {
        sources = try RuleDirectory.read(root.appendingPathComponent("Prompts").path)
    } catch {
        fatalError("benchmarks: cannot read Prompts/: \(error)")
    }
    guard let ruleSet = RuleLoader.load(sources).ruleSet else {
        fatalError("benchmarks: the shipped rules do not load")
    }
    let corpus =
        (try? String(contentsOf: root.appendingPathComponent("Tests/Golden/messages.txt"), encoding: .utf8)) ?? ""
    let messages = corpus.split(separator: "\n").map(String.init)
    guard !messages.isEmpty else { fatalError("benchmarks: no messages in Tests/Golden/messages.txt") }
    let normalized = messages.map { ruleSet.normalize($0) }
    let analyses = normalized.map { ruleSet.analyze($0) }
    let snapshot = ruleSet.snapshot()

    // Checked against the thresholds: the figures a shared machine cannot blur. On two busy cores
    // the p90 time of unchanged code moved 2 to 7 times between runs, so time is measured only on
    // request (HAVEN_BENCH_TIME=1), for a person reading the table, and never checked.
    var metrics: [BenchmarkMetric] = [.mallocCountTotal, .peakMemoryResident]
    if ProcessInfo.processInfo.environment["HAVEN_BENCH_TIME"] == "1" { metrics += [.wallClock, .throughput] }
    Benchmark.defaultConfiguration = .init(
        metrics: metrics,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 50,
        // Tolerances in percent at p90, the percentile `thresholds check` compares.
        thresholds: [
            .mallocCountTotal: .init(relative: [.p90: 1.0]),
            .peakMemoryResident: .init(relative: [.p90: 10.0]),
        ]
    )

    Benchmark("normalise") { benchmark in
        for message in messages { blackHole(ruleSet.normalize(message)) }
    }

    Benchmark("analyse") { benchmark in
        for text in normalized { blackHole(ruleSet.analyze(text)) }
    }

    Benchmark("reply") { benchmark in
        for (index, analysis) in analyses.enumerated() { blackHole(ruleSet.reply(to: analysis, seed: UInt64(index))) }
    }

    Benchmark("reflect") { benchmark in
        for (index, message) in messages.enumerated() {
            blackHole(ruleSet.reply(to: ruleSet.analyze(message), seed: UInt64(index)))
        }
    }

    Benchmark("snapshot-restore") { benchmark in
        blackHole(RuleSet(snapshot: snapshot))
    }

    // What `haven reflect` does before its first reply when its snapshot cache is warm.
    Benchmark("cold-start") { benchmark in
        guard let restored = RuleSet(snapshot: snapshot) else {
            fatalError("benchmarks: the snapshot does not restore")
        }
        blackHole(restored.reply(to: restored.analyze(messages[0]), seed: 1))
    }

    // What it does when the cache is cold: every rule file compiled.
    Benchmark("compile-rules") { benchmark in
        blackHole(RuleLoader.load(sources).ruleSet)
    }
}

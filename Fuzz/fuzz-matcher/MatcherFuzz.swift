import FuzzSupport
import HavenCore

/// Input: one message, possibly invalid UTF-8 (decoded with replacement characters, as the
/// adapters do), analysed and answered by the shipped rules, which are compiled once.
@_cdecl("LLVMFuzzerTestOneInput")
public func matcherFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let message = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let ruleSet = ShippedRules.ruleSet
    let analysis = ruleSet.analyze(message)
    _ = ruleSet.reply(to: analysis, seed: 1)
    _ = ruleSet.analyze(message, trace: true)
    return 0
}

/// The entry point SwiftPM links as `main`.
@_cdecl("fuzz_matcher_main")
public func fuzzMatcherMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, matcherFuzz)
}

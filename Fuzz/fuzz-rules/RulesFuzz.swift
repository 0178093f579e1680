import FuzzSupport
import HavenCore

/// Input: the bytes of one category file, loaded beside the shipped lexicon, topics, safety,
/// fallback and crisis files (the crisis file is replaced when the input is named so). When the
/// rules load, a few messages are analysed and answered, so what the loader accepts is also
/// what the matcher can run.
@_cdecl("LLVMFuzzerTestOneInput")
public func rulesFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var sources = ShippedRules.base
    sources.append(RuleSource(path: "Prompts/fuzzed.yaml", bytes: bytes))
    let result = RuleLoader.load(sources)
    if let ruleSet = result.ruleSet {
        for message in ShippedRules.messages {
            let analysis = ruleSet.analyze(message)
            _ = ruleSet.reply(to: analysis, seed: 1)
        }
    }
    return 0
}

/// The entry point SwiftPM links as `main`.
@_cdecl("fuzz_rules_main")
public func fuzzRulesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, rulesFuzz)
}

import Foundation
import FuzzSupport
import HavenCore
import HavenRuntime
import HavenServer
import HavenTCP

/// Input: the bytes of a configuration file, read as `haven serve` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func configFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let (config, problems) = ServeConfiguration.parse(bytes)
    // Whatever the file says, the numbers the adapters size buffers and timers by stay in range.
    precondition(
        config.tcp.maxLineBytes >= 16 && config.haven.retentionDays >= 0, "accepted an impossible configuration")
    for problem in problems { precondition(problem.message.hasPrefix("$"), "a problem without its JSON path") }
    return 0
}

/// The entry point SwiftPM links as `main`.
@_cdecl("fuzz_config_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, configFuzz)
}

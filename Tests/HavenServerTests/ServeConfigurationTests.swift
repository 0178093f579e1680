import Foundation
import HavenCore
import HavenMatrix
import HavenRuntime
import HavenServer
import HavenTCP
import HavenWebhooks
import Logging
import Testing

/// The server's configuration file put together from the parts each module reads: Haven's own
/// keys, then `adapters.tcp`, `adapters.matrix` and `adapters.webhooks`, one reader for them all.
struct ServeConfigurationTests {
    static func parse(_ json: String) -> (ServeConfiguration, [String]) {
        let (configuration, problems) = ServeConfiguration.parse(Data(json.utf8), environment: [:])
        return (configuration, problems.map(\.message))
    }

    @Test func everyPartReadsItsOwnKeysFromTheOneFile() {
        let (configuration, problems) = Self.parse(
            #"""
            {"version": 1, "log": {"level": "debug"}, "store": {"retentionDays": 7},
             "adapters": {"tcp": {"port": 7001, "maxConnections": 5},
                          "matrix": {"userID": "@bot:example.org", "mode": "appservice", "appservice": {"port": 7002}},
                          "webhooks": {"port": 7003, "rateLimit": {"globalBurst": 9}}}}
            """#)
        #expect(problems == [])
        #expect(configuration.haven.logLevel == .debug && configuration.haven.retentionDays == 7)
        #expect(configuration.tcp.port == 7001 && configuration.tcp.maxConnections == 5)
        #expect(configuration.matrix.mode == .appservice && configuration.matrix.appservice.port == 7002)
        #expect(configuration.webhooks.port == 7003 && configuration.webhooks.rateLimit.globalBurst == 9)
    }

    /// A key no part asked for is unknown wherever it is, with the closest key of its own part.
    @Test func aKeyNoPartKnowsIsReportedInEveryPart() {
        let (_, problems) = Self.parse(
            #"""
            {"logs": {}, "adapters": {"tcp": {"prot": 1}, "matrix": {"homeservr": "x"},
             "webhooks": {"rateLimit": {"globalBrust": 1}}, "irc": {}}}
            """#)
        #expect(
            problems == [
                "$.adapters.irc: unknown key",
                "$.adapters.matrix.homeservr: unknown key (did you mean 'homeserver'?)",
                "$.adapters.tcp.prot: unknown key (did you mean 'port'?)",
                "$.adapters.webhooks.rateLimit.globalBrust: unknown key (did you mean 'globalBurst'?)",
                "$.logs: unknown key (did you mean 'log'?)",
            ])
    }

    /// A module reads its part alone; the keys of the rest of the file are not its business.
    @Test func anAdapterReadsItsPartWithoutTheOthers() {
        var reader = ConfigReader(
            data: Data(#"{"adapters": {"tcp": {"port": 70000}}, "store": {"kind": "none"}}"#.utf8), environment: [:])
        let tcp = TCPSettings.read(from: &reader)
        #expect(tcp.port == TCPSettings().port)
        #expect(
            reader.problems.map(\.message) == [
                "$.adapters.tcp.port: expected a whole number from 0 to 65535, got 70000"
            ])
    }

    @Test func threeListenersOnOnePortAreEachNamed() {
        var configuration = ServeConfiguration()
        configuration.tcp.enabled = true
        configuration.webhooks.enabled = true
        configuration.matrix.enabled = true
        configuration.matrix.mode = .appservice
        for port in [\ServeConfiguration.tcp.port, \.webhooks.port, \.matrix.appservice.port] {
            configuration[keyPath: port] = 7100
        }
        #expect(
            configuration.listenerProblems.map(\.message) == [
                "$.adapters.webhooks.port: 7100 is also the port of adapters.tcp",
                "$.adapters.matrix.appservice.port: 7100 is also the port of adapters.tcp",
                "$.adapters.matrix.appservice.port: 7100 is also the port of adapters.webhooks",
            ])
        configuration.matrix.mode = .sync
        configuration.webhooks.port = 0
        #expect(configuration.listenerProblems.isEmpty, "sync mode listens nowhere; port 0 is any free port")
    }

    /// A later version's file may mean something else by any key: only the version is reported.
    @Test func aLaterVersionIsTheOneProblem() {
        let (_, problems) = Self.parse(#"{"version": 2, "adapters": {"tcp": {"port": "x"}, "nope": 1}}"#)
        #expect(problems == ["$.version: this Haven reads configuration version 1, the file says 2"])
    }
}

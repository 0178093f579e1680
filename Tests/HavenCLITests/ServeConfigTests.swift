import Foundation
import HavenCoreTesting
import HavenServerTesting
import Testing

/// `haven serve` refusing a bad configuration: with the JSON path, before touching the state
/// file, and never echoing a secret.
struct ServeConfigTests {
    /// A secret pasted where the name of its environment variable belongs.
    @Test(arguments: ["secretEnv", "tokenEnv"])
    func neverEchoesASecretPastedForAVariableName(key: String) throws {
        let secret = "whsec_c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw=="
        let format = key == "tokenEnv" ? "mattermost" : "generic"
        let config = try temporaryConfig(
            #"""
            {"adapters": {"webhooks": {"enabled": true, "endpoints": {"hook": {"path": "/hook", "format": "\#(format)", "\#(key)": "\#(secret)"}}}}}
            """#)
        let result = try HavenBinary.run(["serve", "--config", config])
        #expect(result.status == 78)
        #expect(!result.stderrText.contains("c2VjcmV0"), "\(result.stderrText)")
        #expect(
            result.stderrText.contains(
                "$.adapters.webhooks.endpoints.hook.\(key): expected the name of an environment variable"))
    }

    @Test func reportsAnUnsetMatrixTokenWithItsPathBeforeCreatingTheStateFile() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-config-\(UUID().uuidString).sqlite"
        ).path
        let config = try temporaryConfig(
            #"""
            {"store": {"path": "\#(state)"}, "adapters": {"matrix": {"enabled": true, "homeserver": "http://127.0.0.1:9",
             "userID": "@haven:localhost", "accessTokenEnv": "HAVEN_TEST_TOKEN_THAT_IS_NOT_SET"}}}
            """#)
        let result = try HavenBinary.run(["serve", "--config", config])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "$.adapters.matrix.accessTokenEnv: the environment variable 'HAVEN_TEST_TOKEN_THAT_IS_NOT_SET' is not set"
            ), "\(result.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: state))
    }

    /// The README says the example shows every key: every adapter's section must be there.
    @Test func theExampleConfigHasASectionForEveryAdapter() throws {
        let example = TestRules.repositoryRoot.appendingPathComponent("config.example.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as? [String: Any]
        let adapters = try #require(object?["adapters"] as? [String: Any])
        #expect(Set(adapters.keys) == ["tcp", "matrix", "webhooks"])
        let matrix = try #require(adapters["matrix"] as? [String: Any])
        #expect(matrix["enabled"] as? Bool == false)
        #expect(matrix["accessTokenEnv"] as? String == "HAVEN_MATRIX_TOKEN")
    }
}

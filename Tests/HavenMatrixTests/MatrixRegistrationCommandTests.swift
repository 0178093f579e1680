import Foundation
import HavenRuntime
import HavenServerTesting
import Testing

/// `haven matrix registration`, through the built binary.
struct MatrixRegistrationCommandTests {
    let environment = ["HAVEN_TEST_AS_TOKEN": "as-secret", "HAVEN_TEST_HS_TOKEN": "hs-secret"]

    func config(
        mode: String = "appservice", url: String = "http://127.0.0.1:8090", id: String = "haven", port: Int = 9009
    ) throws -> String {
        let appservice: JSONValue = .object([
            "id": .string(id), "url": .string(url), "port": .number(Double(port)),
            "asTokenEnv": .string("HAVEN_TEST_AS_TOKEN"),
            "hsTokenEnv": .string("HAVEN_TEST_HS_TOKEN"),
        ])
        let matrix: JSONValue = .object([
            "enabled": .bool(true), "mode": .string(mode), "homeserver": .string("http://127.0.0.1:8008"),
            "userID": .string("@haven.bot:localhost"), "appservice": appservice,
        ])
        let json: JSONValue = .object(["version": .number(1), "adapters": .object(["matrix": matrix])])
        return try temporaryConfig(String(decoding: json.bytes, as: UTF8.self))
    }

    @Test func printsTheRegistration() throws {
        let result = try HavenBinary.run(["matrix", "registration", "--config", config()], environment: environment)
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("id: \"haven\""))
        #expect(lines.contains("url: \"http://127.0.0.1:8090\""))
        #expect(lines.contains("as_token: \"as-secret\""))
        #expect(lines.contains("hs_token: \"hs-secret\""))
        #expect(lines.contains("sender_localpart: \"haven.bot\""))
        #expect(lines.contains("      regex: \"^@haven\\\\.bot:localhost$\""))
        #expect(lines.contains("  rooms: []"))
        #expect(lines.contains("  aliases: []"))
    }

    @Test func writesAPrivateFileWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-reg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("registration.yaml").path
        let result = try HavenBinary.run(
            ["matrix", "registration", "--config", config(), "--output", output], environment: environment)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("hs_token: \"hs-secret\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["registration.yaml"])

        let nowhere = folder.appendingPathComponent("missing/registration.yaml").path
        let failed = try HavenBinary.run(
            ["matrix", "registration", "--config", config(), "--output", nowhere], environment: environment)
        #expect(failed.status == 74)
        #expect(failed.stderrText.contains("cannot write '\(nowhere)'"))
    }

    @Test func aHostileValueCannotAddAKey() throws {
        let url = "http://x\"\nhs_token: \"stolen\u{2028}"
        let result = try HavenBinary.run(
            ["matrix", "registration", "--config", config(url: url)], environment: environment)
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("hs_token:") } == ["hs_token: \"hs-secret\""])
        #expect(lines.contains("url: \"http://x\\\"\\u000Ahs_token: \\\"stolen\\u2028\""))
    }

    @Test func serveNeedsBothAppServiceTokensAndNoAccessToken() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("haven-\(UUID().uuidString).sqlite")
            .path
        let result = try HavenBinary.run(
            ["serve", "--config", config(), "--state", state], environment: ["HAVEN_TEST_AS_TOKEN": "as-secret"])
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains(
                "$.adapters.matrix.appservice.hsTokenEnv: the environment variable 'HAVEN_TEST_HS_TOKEN' is not set"))
        #expect(!result.stderrText.contains("asTokenEnv"))
        #expect(!result.stderrText.contains("accessTokenEnv"))
        #expect(!FileManager.default.fileExists(atPath: state), "nothing is created before the checks pass")
    }

    @Test func serveRefusesTheAppServicePortWhenTCPHasIt() throws {
        let result = try HavenBinary.run(
            ["serve", "--config", config(port: 7777), "--tcp", "127.0.0.1:7777"], environment: environment)
        #expect(result.status == 78)
        #expect(
            result.stderrText.contains("$.adapters.matrix.appservice.port: 7777 is also the port of adapters.tcp"),
            "\(result.stderrText)")
    }

    @Test func refusesSyncModeAndMissingTokensByKey() throws {
        let sync = try HavenBinary.run(
            ["matrix", "registration", "--config", config(mode: "sync")],
            environment: environment.merging(["HAVEN_MATRIX_TOKEN": "t"]) { $1 })
        #expect(sync.status == 78)
        #expect(sync.stderrText.contains("$.adapters.matrix.mode: a registration is for \"appservice\" mode"))
        #expect(sync.stdoutText.isEmpty)

        let missing = try HavenBinary.run(["matrix", "registration", "--config", config()])
        #expect(missing.status == 78)
        #expect(
            missing.stderrText.contains(
                "$.adapters.matrix.appservice.hsTokenEnv: the environment variable 'HAVEN_TEST_HS_TOKEN' is not set"))
        #expect(!missing.stderrText.contains("accessTokenEnv"), "appservice mode needs no access token")

        let badID = try HavenBinary.run(
            ["matrix", "registration", "--config", config(id: "a b")], environment: environment)
        #expect(badID.status == 78)
        #expect(badID.stderrText.contains("$.adapters.matrix.appservice.id:"))
    }
}

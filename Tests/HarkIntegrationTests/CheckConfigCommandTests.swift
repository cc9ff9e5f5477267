import Foundation
import HarkTestSupport
import Testing

@Suite struct CheckConfigCommandTests {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func sampleConfigIsValid() throws {
        let path = Self.repoRoot.appendingPathComponent("config/hark.toml").path
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["check-config", path])
        #expect(run.wait(timeout: .seconds(20)) == 0, "\(run.errorOutput())")
        #expect(run.output().contains("OK"))
    }

    @Test func misspelledKeyWrongTypeAndBadFilterAreAllNamedWithLines() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).toml")
        try """
            [mqtt]
            hots = "broker"
            port = "1883"

            [[sensor]]
            name = "temp"
            topic = "a/+b/c"
            """.write(to: url, atomically: true, encoding: .utf8)
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["check-config", url.path])
        #expect(run.wait(timeout: .seconds(20)) == 78)
        let err = run.errorOutput()
        #expect(err.contains("\(url.path):2: mqtt.hots: unknown key; did you mean 'host'?"))
        #expect(err.contains("\(url.path):3: mqtt.port: must be an integer (got string \"1883\")"))
        #expect(err.contains("\(url.path):7: sensor[0].topic: '+' must fill a whole level (got 'a/+b/c')"))
    }

    @Test func missingFileIsReported() throws {
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["check-config", "/nonexistent/hark.toml"])
        #expect(run.wait(timeout: .seconds(20)) == 78)
        #expect(run.errorOutput().contains("does not exist"))
    }
}

import Foundation
import HarkTestSupport
import Testing

/// `systemd/hark.service` passes `systemd-analyze verify` and scores ≤ 2.0 in
/// `systemd-analyze security --offline=true`. ExecStart is pointed at the built binary, since
/// verify checks that the command exists.
@Suite struct SystemdUnitTests {
    private func unitCopy() throws -> URL {
        let source = CheckConfigCommandTests.repoRoot.appendingPathComponent("systemd/hark.service")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/hark", with: BinaryLocator.hark.path)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("hark.service")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func verifyPasses() throws {
        let run = try ChildProcess(executable: "/usr/bin/systemd-analyze", arguments: ["verify", try unitCopy().path])
        #expect(run.wait(timeout: .seconds(60)) == 0, "\(run.output())\(run.errorOutput())")
    }

    @Test func securityExposureAtMostTwo() throws {
        let run = try ChildProcess(executable: "/usr/bin/systemd-analyze", arguments: ["security", "--offline=true", try unitCopy().path])
        _ = run.wait(timeout: .seconds(60))
        let out = run.output() + run.errorOutput()
        let line = try #require(out.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(out)")
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let value = try #require(score, "\(line)")
        #expect(value <= 2.0, "\(line)")
    }

    @Test func serviceSettingsAreAlphabetical() throws {
        let text = try String(contentsOf: CheckConfigCommandTests.repoRoot.appendingPathComponent("systemd/hark.service"), encoding: .utf8)
        let service = text.components(separatedBy: "[Service]")[1].components(separatedBy: "[Install]")[0]
        let keys = service.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) }.filter { !$0.hasPrefix("#") }
        #expect(keys == keys.sorted())
        for required in ["Type", "WatchdogSec", "Restart", "DynamicUser", "SupplementaryGroups", "StateDirectory",
                         "ConfigurationDirectory", "LoadCredential", "DevicePolicy", "DeviceAllow"] {
            #expect(keys.contains(required), "missing \(required)")
        }
    }
}

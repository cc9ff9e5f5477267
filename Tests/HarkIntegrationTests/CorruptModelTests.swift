import Foundation
import HarkTestSupport
import Testing

/// A corrupted model file makes `hark run` refuse to start, naming the file.
@Suite struct CorruptModelTests {
    @Test func corruptedSileroFileStopsTheDaemonAtStart() throws {
        let installed = CheckConfigCommandTests.repoRoot.appendingPathComponent("models")
        try #require(FileManager.default.fileExists(atPath: installed.appendingPathComponent("manifest.json").path),
                     "models are not installed: run make models")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let models = dir.appendingPathComponent("models")
        try FileManager.default.copyItem(at: installed, to: models)
        let silero = models.appendingPathComponent("silero_vad.safetensors")
        var bytes = try Data(contentsOf: silero)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: silero)
        let config = dir.appendingPathComponent("hark.toml")
        try "[models]\ndir = \"models\"\n[audio]\nenabled = false\n[mqtt]\nport = 1\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config.path])
        #expect(run.wait(timeout: .seconds(60)) == 65)
        #expect(run.errorOutput().contains("silero_vad.safetensors"), "\(run.errorOutput())")
    }
}

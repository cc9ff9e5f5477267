import Foundation
import HarkTestSupport
import Testing

/// Speech-to-text and wake word over Wyoming with the real models (`make models`), driven by the
/// real wyoming client in Home Assistant's sequences.
@Suite(.serialized, .timeLimit(.minutes(10))) struct WyomingSpeechTests {
    static let models = WyomingRig.root.appendingPathComponent("models").path
    static let data = "/usr/share/pocketsphinx/test/data"

    static func installed(_ prefix: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "\(models)/manifest.json"),
              let m = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return false }
        let files = (m["files"] as? [String: Any])?.keys.map { $0 } ?? []
        return files.contains { $0.hasPrefix(prefix) }
    }

    /// `hark transcribe FILE`'s text.
    static func transcribe(_ file: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: BinaryLocator.hark.path)
        p.arguments = ["transcribe", "--models-dir", models, file]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: installed("whisper"), "needs Whisper tiny.en (make models after the whisper merge)"))
    func oneRequestPerConnectionGivesWhatHarkTranscribeGives() throws {
        let rig = try WyomingRig(models: Self.models)
        defer { _ = rig.stop() }
        // info at once, while Whisper loads in the background.
        let info = try rig.client("info")
        #expect((info["seconds"] as? Double ?? 9) < 1.0)
        #expect(info["asr"] as? [String] == ["tiny.en"])
        for file in ["\(Self.data)/goforward.raw", "\(Self.data)/cards/001.wav", "\(Self.data)/numbers.raw"] {
            let r = try rig.client("stt", "--wav", file)
            let expected = try Self.transcribe(file)
            #expect(!expected.isEmpty)
            #expect(r["text"] as? String == expected, "\(file): \(r)")
        }
        // Empty audio: an empty transcript, not an error.
        let empty = rig.dir.appendingPathComponent("empty.raw")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        #expect(try rig.client("stt", "--wav", empty.path)["text"] as? String == "")
    }
}

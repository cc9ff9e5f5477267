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
    static func transcribe(_ file: String, models: String) throws -> String {
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
        let models = try WyomingRig.models(["whisper-"])
        let rig = try WyomingRig(models: models)
        defer { _ = rig.stop() }
        // info at once, while Whisper loads in the background.
        let info = try rig.client("info")
        #expect((info["seconds"] as? Double ?? 9) < 1.0)
        #expect(info["asr"] as? [String] == ["tiny.en"])
        for file in ["\(Self.data)/goforward.raw", "\(Self.data)/cards/001.wav", "\(Self.data)/numbers.raw"] {
            let r = try rig.client("stt", "--wav", file)
            let expected = try Self.transcribe(file, models: models)
            #expect(!expected.isEmpty)
            #expect(r["text"] as? String == expected, "\(file): \(r)")
        }
        // Empty audio: an empty transcript, not an error.
        let empty = rig.dir.appendingPathComponent("empty.raw")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        #expect(try rig.client("stt", "--wav", empty.path)["text"] as? String == "")
    }
}

/// Wake word over Wyoming as Home Assistant and wyoming-satellite drive it: one kept-open
/// connection, `detect`, then several `audio-start`s (state reset each time).
@Suite(.serialized, .timeLimit(.minutes(10))) struct WyomingWakeTests {
    /// `hark wake FILE --model M` detections: seconds of each.
    static func harkWake(_ file: String, model: String, modelsDir: String) throws -> [Double] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: BinaryLocator.hark.path)
        p.arguments = ["wake", file, "--model", model, "--models-dir", modelsDir]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Double($0.split(separator: " ").first ?? "") }
    }

    @Test(.enabled(if: WyomingSpeechTests.installed("wake_okay_nabu"), "needs the microWakeWord models (make models)"))
    func twoAudioStartsOnAKeptOpenConnection() throws {
        let models = try WyomingRig.models(["wake_"])
        let rig = try WyomingRig(models: models)
        defer { _ = rig.stop() }
        // Real speech of the phrase (espeak-ng, two voices; the wake branch's deterministic synthesis).
        let phrases = rig.dir.appendingPathComponent("phrases").path
        let synth = Process()
        synth.executableURL = URL(fileURLWithPath: WyomingRig.root.appendingPathComponent("scripts/wake/synth_phrases.sh").path)
        synth.arguments = [phrases]
        try synth.run()
        synth.waitUntilExit()
        let gb = "\(phrases)/okay_nabu-en-gb.wav", us = "\(phrases)/okay_nabu-en-us.wav"
        let noWake = "/usr/share/pocketsphinx/test/data/cards/001.wav"

        let info = try rig.client("info")
        #expect(Set(info["wake"] as? [String] ?? []).isSuperset(of: ["okay_nabu"]))
        let phrase = ((info["data"] as? [String: Any])?["wake"] as? [[String: Any]])?.first?["models"] as? [[String: Any]]
        #expect(phrase?.first { $0["name"] as? String == "okay_nabu" }?["phrase"] as? String == "Okay Nabu")

        let r = try rig.client("wake", "--names", "okay_nabu", "--wav", gb, "--wav", us, "--wav", noWake)
        let sessions = try #require(r["sessions"] as? [[String: Any]])
        #expect(sessions.count == 3)
        for (i, file) in [gb, us].enumerated() {
            let events = sessions[i]["events"] as? [[String: Any]] ?? []
            let expected = try Self.harkWake(file, model: "okay_nabu", modelsDir: models)
            #expect(!expected.isEmpty, "hark wake hears nothing in \(file)")
            // Timestamps: ms since this session's audio-start (the spotter was reset), as `hark wake` counts from the file's start.
            #expect(events.map { $0["type"] as? String } == expected.map { _ in "detection" }, "\(file): \(events)")
            #expect(events.map { $0["timestamp"] as? Int } == expected.map { Int(($0 * 1000).rounded()) }, "\(file): \(events)")
            #expect(events.allSatisfy { $0["name"] as? String == "okay_nabu" })
        }
        // No wake word in the last stream: not-detected after its audio-stop.
        #expect((sessions[2]["events"] as? [[String: Any]])?.map { $0["type"] as? String } == ["not-detected"])
    }
}

/// Satellite mode in the daemon (microphone and speaker: ALSA `null`, so no speech arrives):
/// announced in `info`, `run-satellite` accepted, `ping` answered, and on disconnect Hark goes on
/// standalone. The pipeline itself with live audio (wake word → detection, run-pipeline, the
/// command's audio → Home Assistant's events and TTS → played) is WyomingSatellitePipelineTests.
@Suite(.serialized, .timeLimit(.minutes(5))) struct WyomingSatelliteLinkTests {
    @Test(.enabled(if: WyomingSpeechTests.installed("wake_okay_nabu"), "needs the microWakeWord models (make models)"))
    func announcedLinkedAndStandaloneAfterDisconnect() throws {
        let models = try WyomingRig.models(["wake_", "silero_vad"])
        let rig = try WyomingRig(wyoming: "satellite = true\nsatellite_name = \"Kitchen Hark\"\nsatellite_area = \"Kitchen\"",
                                 models: models, audio: "[audio]\nenabled = true\ndevice = \"null\"\noutput_device = \"null\"")
        defer { _ = rig.stop() }
        let r = try rig.client("satellite-link")
        #expect(r["satellite"] as? String == "Kitchen Hark")
        #expect(r["area"] as? String == "Kitchen")
        #expect(r["pong"] as? Bool == true)
        let deadline = ContinuousClock.now + .seconds(10)
        while !rig.daemon.errorOutput().contains("going on standalone"), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let log = rig.daemon.errorOutput()
        #expect(log.contains("satellite: Home Assistant connected"))
        #expect(log.contains("satellite: Home Assistant disconnected; going on standalone"), "\(log)")
        #expect(rig.daemon.isRunning)
    }
}

import Foundation
import HarkTestSupport
import Testing

/// Hark as a Home Assistant satellite with live audio: the daemon's microphone is the ALSA `file`
/// plugin reading a recording of "okay nabu … turn off the office fan" (FIFOMicrophone), its
/// speaker the `file` plugin writing a raw file, and Home Assistant is played by the real
/// `wyoming==1.10.2` package in the order its wyoming integration drives a satellite
/// (scripts/wyoming/ha_client.py `satellite`).
@Suite(.serialized, .timeLimit(.minutes(15))) struct WyomingSatellitePipelineTests {
    /// The samples of a 16-bit mono WAV file with a 44-byte header (as Python's `wave` writes it).
    static func pcm(wav: URL) throws -> [Int16] {
        let data = try Data(contentsOf: wav)
        guard data.count >= 44 else { return [] }
        return data.withUnsafeBytes { r in (0..<((data.count - 44) / 2)).map { r.loadUnaligned(fromByteOffset: 44 + $0 * 2, as: Int16.self) } }
    }

    static var ready: Bool { WyomingSpeechTests.installed("wake_okay_nabu") && WyomingSpeechTests.installed("whisper") }

    @Test(.enabled(if: ready, "needs the microWakeWord and Whisper models (make models)"))
    func theWakeWordRunsHomeAssistantsPipelineAndItsAnswerIsPlayed() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hark-satellite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let mic = try FIFOMicrophone(directory: home)
        defer { mic.stop() }
        let speaker = home.appendingPathComponent("speaker.raw")
        try """
            \(mic.asoundrc)
            pcm.harkout { type plug; slave.pcm { type file; slave.pcm "null"; file "\(speaker.path)"; format "raw" } }
            """.write(to: home.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
        let rig = try WyomingRig(wyoming: "satellite = true", models: try WyomingRig.models(["wake_", "silero_vad"]),
                                 audio: "[audio]\nenabled = true\ndevice = \"harkmic\"\noutput_device = \"harkout\"\nqueue_periods = 1024",
                                 home: home)
        defer { _ = rig.stop() }

        // Home Assistant connects and runs the satellite; then the user speaks.
        let command = home.appendingPathComponent("command.wav")
        let tts = 1.0
        let ha = try ChildProcess(executable: WyomingRig.python, arguments: [
            WyomingRig.root.appendingPathComponent("scripts/wyoming/ha_client.py").path, "--port", String(rig.port), "--timeout", "240",
            "satellite", "--out", command.path, "--tts-seconds", String(tts),
        ], environment: ProcessInfo.processInfo.environment)
        defer { _ = ha.terminate(grace: .seconds(1)) }
        let connected = ContinuousClock.now + .seconds(60)
        while !rig.daemon.errorOutput().contains("satellite: Home Assistant connected"), ContinuousClock.now < connected, ha.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(rig.daemon.errorOutput().contains("satellite: Home Assistant connected"), "\(ha.errorOutput())")
        mic.play(try DaemonVoiceTests.wav("wake-pause-command"))
        #expect(ha.wait(timeout: .seconds(600)) == 0, "\(ha.errorOutput())\n\(rig.daemon.errorOutput().suffix(3000))")
        let r = try #require((try? JSONSerialization.jsonObject(with: Data(ha.output().utf8))) as? [String: Any],
                             "\(ha.output()) \(ha.errorOutput())")
        #expect(r["error"] == nil, "\(r)")

        // Both sides of the connection, in Home Assistant's order ("<" from Hark, ">" to it; runs of chunks collapsed).
        let timeline = (r["timeline"] as? [String] ?? []).reduce(into: [String]()) { out, e in if out.last != e { out.append(e) } }
        #expect(timeline == [
            "> run-satellite", "> describe", "< info",
            "< detection", "< run-pipeline", "< audio-start", "< audio-chunk", "< audio-stop",
            "> transcribe", "> voice-started", "> voice-stopped", "> transcript", "> synthesize",
            "> audio-start", "> audio-chunk", "> audio-stop", "< played",
        ], "\(r)")
        let detection = try #require(r["detection"] as? [String: Any])
        #expect(detection["name"] as? String == "okay_nabu")
        let pipeline = try #require(r["pipeline"] as? [String: Any])
        #expect(pipeline["start_stage"] as? String == "asr" && pipeline["end_stage"] as? String == "tts")
        #expect(pipeline["wake_word_name"] as? String == "okay_nabu" && pipeline["restart_on_end"] as? Bool == false)
        let pings = try #require(r["pings"] as? [String: Any])
        #expect((pings["sent"] as? Int ?? 0) >= 1 && pings["answered"] as? Int == pings["sent"] as? Int, "\(pings)")

        // What was streamed is the command: bit for bit a stretch of the recording that starts after
        // the wake word (where `hark wake` hears it in the recording), of a plausible length…
        let recording = try DaemonVoiceTests.wav("wake-pause-command")
        let streamed = try Self.pcm(wav: command)
        let seconds = Double(streamed.count) / 16_000
        #expect(abs(seconds - (r["audio_seconds"] as? Double ?? 0)) < 0.001)
        #expect(seconds > 0.8 && seconds < 4, "streamed \(seconds) s")
        let offset = streamed.isEmpty ? nil : (0...max(0, recording.count - streamed.count)).first { k in
            recording[k] == streamed[0] && recording[k..<(k + streamed.count)].elementsEqual(streamed)
        }
        let wakeModels = try WyomingRig.models(["wake_"])
        let woke = try #require(try WyomingWakeTests.harkWake(InstalledModels.fixtures.appendingPathComponent("wake-pause-command.wav").path,
                                                               model: "okay_nabu", modelsDir: wakeModels).first)
        let start = try #require(offset, "the streamed audio is not a stretch of the recording")
        #expect(Double(start) / 16_000 >= woke, "streamed from \(start) samples, the wake word ends at \(woke) s")
        // …and Whisper hears the command in it, not the wake phrase. (Its free transcription of this
        // synthetic clip's last word is "and" rather than "fan", as `hark transcribe` of the whole
        // recording says "office 10": the grammar-guided recogniser, not used over Wyoming, gets it.)
        let text = try WyomingSpeechTests.transcribe(command.path, models: try WyomingRig.models(["whisper-"]))
        let words = text.lowercased().filter { $0.isLetter || $0 == " " }
        #expect(words.contains("turn off the office") && !words.contains("nabu") && !words.contains("okay"), "\(text)")

        // The answer reached the speaker: 440 Hz at 16 kHz, as long as Home Assistant sent.
        var samples: [Int16] = []
        var previous = -1
        let settled = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < settled {
            let data = (try? Data(contentsOf: speaker)) ?? Data()
            samples = data.withUnsafeBytes { b in (0..<(data.count / 2)).map { b.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self) } }
            if !samples.isEmpty, samples.count == previous { break }
            previous = samples.count
            Thread.sleep(forTimeInterval: 0.3)
        }
        let tone = samples.drop { abs(Int($0)) < 1000 }.reversed().drop { abs(Int($0)) < 1000 }.reversed()
        #expect(Double(tone.count) > tts * 16_000 * 0.95 && Double(tone.count) < tts * 16_000 * 1.05, "\(samples.count) samples played, \(tone.count) of tone")
        #expect((tone.map { abs(Int($0)) }.max() ?? 0) > 7000)
        let crossings = zip(tone, tone.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
        let hz = Double(crossings) / 2 / (Double(tone.count) / 16_000)
        #expect(abs(hz - 440) < 440 * 0.05, "\(hz) Hz")

        // Hark's side: the same steps in its log, in order.
        let log = rig.daemon.errorOutput()
        let steps = ["satellite: Home Assistant connected", "satellite: wake word heard", "satellite: command sent to Home Assistant",
                     "satellite: Home Assistant's answer played"].map { log.range(of: $0)?.lowerBound }
        #expect(steps.allSatisfy { $0 != nil } && zip(steps, steps.dropFirst()).allSatisfy { $0! < $1! }, "\(log.suffix(4000))")
        print("wyoming satellite: streamed \(seconds) s from \(Double(start) / 16_000) s of the recording (wake word at \(woke) s), transcript \"\(text)\", played \(tone.count) samples of tone at \(hz) Hz, "
              + "played \(r["played_after_seconds"] ?? "-") s after audio-stop, pings \(pings)")
        #expect(rig.daemon.isRunning)
    }
}

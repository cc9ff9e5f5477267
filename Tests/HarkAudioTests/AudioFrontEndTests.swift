import Foundation
import HarkAudio
import HarkCore
import Logging
import Synchronization
import Testing

/// A stand-in VAD for the front end's plumbing: speech when the chunk's RMS is above a level.
private final class EnergyDetector: SpeechDetector {
    let level: Float
    private(set) var resets = 0
    init(level: Float) { self.level = level }
    func probability(_ chunk: UnsafeBufferPointer<Float>) -> Float {
        precondition(chunk.count == 512)
        let rms = (chunk.reduce(0) { $0 + $1 * $1 } / 512).squareRoot()
        return rms > level ? 0.95 : 0.02
    }
    func reset() { resets += 1 }
}

/// The front end as the daemon runs it: real alsa-lib capture (file plugin) → 512-sample chunks →
/// endpointing → utterances and speech events on its bounded streams, status and counters reported.
@Suite struct AudioFrontEndTests {
    @Test func aPaddedRecordingBecomesOneUtteranceWithItsExactSamples() async throws {
        let recording = try TestAudio.wavSamples("\(TestAudio.dataDir)/cards/001.wav")
        let silence = [Int16](repeating: 0, count: 16_000)
        let signal = silence + recording + silence + silence
        let dir = try TestAudio.tempDir()
        let raw = dir.appendingPathComponent("in.raw")
        try TestAudio.writeRaw(signal, to: raw)
        let statuses = Mutex<[String]>([])
        let counters = Counters()
        let sinks = AudioFrontEnd.Sinks(setStatus: { s in statuses.withLock { $0.append(s) } }, beat: {}, counters: counters)
        let frontEnd = AudioFrontEnd(
            capture: CaptureOptions(device: "harktest", queuePeriods: signal.count / 256 + 8,
                                    extraConfig: FilePluginCaptureTests.fileDevice(raw), frameLimit: signal.count),
            endpointing: EndpointingSettings(endSilenceMs: 500), logger: Logger(label: "test"), sinks: sinks,
            makeDetector: { EnergyDetector(level: 0.01) })
        try await frontEnd.run()  // returns when the bounded capture ends
        var utterances: [Utterance] = []
        for await u in frontEnd.utterances { utterances.append(u) }
        var events: [SpeechEvent] = []
        for await e in frontEnd.speechEvents { events.append(e) }

        #expect(utterances.count == 1)
        let u = try #require(utterances.first)
        // The PCM handed on is exactly the signal's, preroll included.
        #expect(Array(signal[u.audioStartSample..<(u.audioStartSample + u.samples.count)]) == u.samples)
        // Speech lies inside the recording (the padding is digital silence).
        #expect(u.startSample >= silence.count - 512 && u.startSample < silence.count + recording.count)
        #expect(u.endSample > u.startSample && u.endSample <= silence.count + recording.count + 512)
        #expect(events.count == 2)
        if case let .started(at) = events.first, case let .stopped(end) = events.last {
            #expect(at < end)
        } else {
            Issue.record("expected started then stopped, got \(events)")
        }
        #expect(statuses.withLock { $0 }.contains("capturing"))
        #expect(counters.value("audio_captured_frames") == signal.count)
        #expect(counters.value("audio_dropped_periods") == 0)
    }

    @Test func withoutADetectorItCapturesButEmitsNothing() async throws {
        let recording = try TestAudio.wavSamples("\(TestAudio.dataDir)/cards/002.wav")
        let dir = try TestAudio.tempDir()
        let raw = dir.appendingPathComponent("in.raw")
        try TestAudio.writeRaw(recording, to: raw)
        let counters = Counters()
        let frontEnd = AudioFrontEnd(
            capture: CaptureOptions(device: "harktest", queuePeriods: recording.count / 256 + 8,
                                    extraConfig: FilePluginCaptureTests.fileDevice(raw), frameLimit: recording.count),
            endpointing: EndpointingSettings(), logger: Logger(label: "test"),
            sinks: .init(setStatus: { _ in }, beat: {}, counters: counters), makeDetector: { nil })
        try await frontEnd.run()
        var n = 0
        for await _ in frontEnd.utterances { n += 1 }
        #expect(n == 0)
        #expect(counters.value("audio_captured_frames") == recording.count)
    }
}

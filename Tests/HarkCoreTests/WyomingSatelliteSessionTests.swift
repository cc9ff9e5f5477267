@testable import HarkCore
import Testing

@Suite struct WyomingSatelliteSessionTests {
    /// An utterance of `seconds` of speech whose first sample is at `at` seconds of the microphone's clock.
    private func utterance(_ seconds: Double, at: Double = 0) -> Utterance {
        let n = Int(seconds * 16_000), start = Int(at * 16_000)
        return Utterance(samples: (0..<n).map { Int16($0 % 1000) }, audioStartSample: start, startSample: start, endSample: start + n,
                         truncated: false, stats: VADStats())
    }

    /// The wake word heard `wake` seconds into `u` (on the capture clock), then `u` ends.
    private func hear(_ s: inout WyomingSatelliteSession, _ u: Utterance, wake: Double?, _ model: String = "okay_nabu") -> [WyomingSatelliteSession.Action] {
        if let wake { s.wake(model: model, at: u.seconds(u.audioStartSample) + wake) }
        return s.utterance(u)
    }

    private func types(_ actions: [WyomingSatelliteSession.Action]) -> [String] {
        actions.map {
            switch $0 {
            case let .send(e): e.type
            case .playStart: "play-start"
            case .playChunk: "play-chunk"
            case .playStop: "play-stop"
            case .standalone: "standalone"
            }
        }
    }

    private func audioBytes(_ actions: [WyomingSatelliteSession.Action]) -> Int {
        actions.reduce(0) { n, a in if case let .send(e) = a, e.type == "audio-chunk" { n + e.payload.count } else { n } }
    }

    @Test func homeAssistantPipelineInItsOrder() {
        var s = WyomingSatelliteSession()
        // Not linked: everything stays with the standalone assistant.
        #expect(types(hear(&s, utterance(1), wake: 0.5)) == ["standalone"])
        #expect(s.received(WyomingEvent("run-satellite")).isEmpty)
        #expect(s.phase == .listening)

        // The wake word at 0.25 s, the command in the same breath: what follows the wake word is sent.
        let sent = hear(&s, utterance(1, at: 10), wake: 0.25)
        #expect(types(sent) == ["detection", "run-pipeline", "audio-start"] + Array(repeating: "audio-chunk", count: 12) + ["audio-stop"])
        guard case let .send(detection) = sent[0], case let .send(run) = sent[1] else { return }
        #expect(detection["name"] == .string("okay_nabu") && detection["timestamp"] == .number(10_250))
        #expect(run["start_stage"] == .string("asr") && run["end_stage"] == .string("tts") && run["wake_word_name"] == .string("okay_nabu"))
        #expect(run["restart_on_end"] == .bool(false))
        #expect(audioBytes(sent) == 12_000 * 2)
        #expect(s.phase == .awaitingAnswer)

        // Home Assistant: transcript, synthesize, then the TTS audio.
        for e in ["transcribe", "voice-started", "voice-stopped", "transcript", "synthesize"] { #expect(s.received(WyomingEvent(e)).isEmpty) }
        let format = WyomingAudioFormat(rate: 22050, width: 2, channels: 1)
        #expect(types(s.received(WyomingEvent("audio-start", format.dataFields))) == ["play-start"])
        #expect(types(s.received(WyomingEvent("audio-chunk", format.dataFields, payload: [1, 0, 2, 0]))) == ["play-chunk"])
        #expect(types(s.received(WyomingEvent("audio-stop"))) == ["play-stop"])
        // Its own voice does not start a pipeline while it plays.
        #expect(hear(&s, utterance(1, at: 12), wake: 0.1).isEmpty)
        #expect(types(s.played()) == ["played"])
        #expect(s.phase == .listening)
        #expect(s.played().isEmpty)
    }

    @Test func theWakePhraseAloneWaitsForTheCommandInTheNextUtterance() {
        var s = WyomingSatelliteSession(listenTimeout: 5, minCommand: 0.3)
        _ = s.received(WyomingEvent("run-satellite"))
        // "Okay Nabu" (wake at its end), a pause, then the command: the whole command goes to Home Assistant.
        #expect(hear(&s, utterance(0.8, at: 2), wake: 0.7).isEmpty)
        let sent = hear(&s, utterance(1.5, at: 3.5), wake: nil)
        #expect(types(sent).prefix(3) == ["detection", "run-pipeline", "audio-start"])
        #expect(audioBytes(sent) == 24_000 * 2)
        guard case let .send(detection) = sent[0] else { return }
        #expect(detection["timestamp"] == .number(2_700))
        // Without a new wake word, the next utterance is not a command.
        _ = s.received(.error("no intent", code: "intent-failed"))
        #expect(types(hear(&s, utterance(1, at: 6), wake: nil)) == ["standalone"])
    }

    @Test func aCommandAfterTheListenTimeoutIsNotSent() {
        var s = WyomingSatelliteSession(listenTimeout: 2, minCommand: 0.3)
        _ = s.received(WyomingEvent("run-satellite"))
        #expect(hear(&s, utterance(0.8, at: 2), wake: 0.7).isEmpty)
        #expect(types(hear(&s, utterance(1.5, at: 6), wake: nil)) == ["standalone"])
    }

    @Test func disconnectOrPauseHandsUtterancesBackToTheStandaloneAssistant() {
        var s = WyomingSatelliteSession()
        _ = s.received(WyomingEvent("run-satellite"))
        s.disconnected()
        #expect(types(hear(&s, utterance(1), wake: 0.2, "x")) == ["standalone"])
        _ = s.received(WyomingEvent("run-satellite"))
        _ = s.received(WyomingEvent("pause-satellite"))
        #expect(types(hear(&s, utterance(1), wake: 0.2, "x")) == ["standalone"])
        // A window opened before a disconnect does not carry over to the next connection.
        _ = s.received(WyomingEvent("run-satellite"))
        #expect(hear(&s, utterance(0.5, at: 3), wake: 0.45, "x").isEmpty)
        s.disconnected()
        _ = s.received(WyomingEvent("run-satellite"))
        #expect(types(hear(&s, utterance(1, at: 4), wake: nil)) == ["standalone"])
    }

    @Test func aPipelineErrorReturnsToListening() {
        var s = WyomingSatelliteSession()
        _ = s.received(WyomingEvent("run-satellite"))
        _ = hear(&s, utterance(1), wake: 0.2, "x")
        #expect(s.phase == .awaitingAnswer)
        _ = s.received(.error("no intent", code: "intent-failed"))
        #expect(s.phase == .listening)
    }
}

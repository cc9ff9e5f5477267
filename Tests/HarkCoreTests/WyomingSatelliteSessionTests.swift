@testable import HarkCore
import Testing

@Suite struct WyomingSatelliteSessionTests {
    private func utterance(_ n: Int) -> Utterance {
        Utterance(samples: (0..<n).map { Int16($0 % 1000) }, audioStartSample: 0, startSample: 0, endSample: n, truncated: false, stats: VADStats())
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

    @Test func homeAssistantPipelineInItsOrder() {
        var s = WyomingSatelliteSession()
        let u = utterance(16_000)
        #expect(types(s.wakeUtterance(u, wakeWord: "okay_nabu", samples: u.samples[...])) == ["standalone"])
        #expect(s.received(WyomingEvent("run-satellite")).isEmpty)
        #expect(s.phase == .listening)

        let sent = s.wakeUtterance(u, wakeWord: "okay_nabu", samples: u.samples[4000...])
        #expect(types(sent) == ["run-pipeline", "audio-start"] + Array(repeating: "audio-chunk", count: 12) + ["audio-stop"])
        guard case let .send(run) = sent[0] else { return }
        #expect(run["start_stage"] == .string("asr") && run["end_stage"] == .string("tts") && run["wake_word_name"] == .string("okay_nabu"))
        let payload = sent.reduce(0) { n, a in if case let .send(e) = a { n + e.payload.count } else { n } }
        #expect(payload == 12_000 * 2)
        #expect(s.phase == .awaitingAnswer)

        // Home Assistant: transcript, synthesize, then the TTS audio.
        for e in ["transcribe", "voice-started", "voice-stopped", "transcript", "synthesize"] { #expect(s.received(WyomingEvent(e)).isEmpty) }
        let format = WyomingAudioFormat(rate: 22050, width: 2, channels: 1)
        #expect(types(s.received(WyomingEvent("audio-start", format.dataFields))) == ["play-start"])
        #expect(types(s.received(WyomingEvent("audio-chunk", format.dataFields, payload: [1, 0, 2, 0]))) == ["play-chunk"])
        #expect(types(s.received(WyomingEvent("audio-stop"))) == ["play-stop"])
        // Its own voice does not start a pipeline while it plays.
        #expect(s.wakeUtterance(u, wakeWord: "okay_nabu", samples: u.samples[...]).isEmpty)
        #expect(types(s.played()) == ["played"])
        #expect(s.phase == .listening)
        #expect(s.played().isEmpty)
    }

    @Test func disconnectOrPauseHandsUtterancesBackToTheStandaloneAssistant() {
        var s = WyomingSatelliteSession()
        _ = s.received(WyomingEvent("run-satellite"))
        s.disconnected()
        let u = utterance(100)
        #expect(types(s.wakeUtterance(u, wakeWord: "x", samples: u.samples[...])) == ["standalone"])
        _ = s.received(WyomingEvent("run-satellite"))
        _ = s.received(WyomingEvent("pause-satellite"))
        #expect(types(s.wakeUtterance(u, wakeWord: "x", samples: u.samples[...])) == ["standalone"])
    }

    @Test func aPipelineErrorReturnsToListening() {
        var s = WyomingSatelliteSession()
        _ = s.received(WyomingEvent("run-satellite"))
        let u = utterance(100)
        _ = s.wakeUtterance(u, wakeWord: "x", samples: u.samples[...])
        _ = s.received(.error("no intent", code: "intent-failed"))
        #expect(s.phase == .listening)
    }
}

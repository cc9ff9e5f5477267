import HarkCore
import Testing

@Suite struct WyomingSessionTests {
    private static let info = WyomingInfo(
        harkVersion: "0.1.0",
        asr: [.init(name: "tiny.en", description: "Whisper tiny.en", attribution: .init(name: "OpenAI", url: "https://github.com/openai/whisper"),
                    installed: true, version: "1", languages: ["en"])],
        wake: [.init(name: "okay_nabu", description: "", attribution: .init(name: "Kevin Ahrendt", url: "https://github.com/kahrendt/microWakeWord"),
                     installed: true, version: "2.5.0", languages: ["en"], phrase: "Okay Nabu")],
        ttsVoices: [], satellite: nil)

    private func session(asr: Bool = true, wake: [String] = ["okay_nabu"], satellite: Bool = false) -> WyomingServerSession {
        WyomingServerSession(capabilities: .init(info: Self.info.event, asr: asr, wakeModels: wake, tts: true, satellite: satellite))
    }

    private let format: [(String, JSONValue)] = [("rate", .number(16000)), ("width", .number(2)), ("channels", .number(1))]

    private func chunk(_ samples: [Int16]) -> WyomingEvent {
        WyomingEvent("audio-chunk", format, payload: samples.flatMap { [UInt8(UInt16(bitPattern: $0) & 0xFF), UInt8(UInt16(bitPattern: $0) >> 8)] })
    }

    @Test func describeAnswersInfoWithEveryArtifactField() {
        var s = session()
        let actions = s.handle(WyomingEvent("describe"))
        guard case let .send(info)? = actions.first else { Issue.record("no info"); return }
        #expect(info.type == "info")
        let asr = info["asr"]?.arrayValue?.first
        let model = asr?["models"]?.arrayValue?.first
        for artifact in [asr, model, info["wake"]?.arrayValue?.first?["models"]?.arrayValue?.first] {
            #expect(artifact?["name"]?.stringValue != nil)
            #expect(artifact?["attribution"]?["name"]?.stringValue != nil)
            #expect(artifact?["attribution"]?["url"]?.stringValue != nil)
            #expect(artifact?["installed"] == .bool(true))
            #expect(artifact?["version"] != nil)
        }
        #expect(model?["languages"] == .array([.string("en")]))
        #expect(info["wake"]?.arrayValue?.first?["models"]?.arrayValue?.first?["phrase"] == .string("Okay Nabu"))
        #expect(info["satellite"] == nil)
    }

    @Test func homeAssistantSpeechToTextSequence() {
        var s = session()
        #expect(s.handle(WyomingEvent("transcribe", [("language", .string("en"))])).isEmpty)
        #expect(s.handle(WyomingEvent("audio-start", format)).isEmpty)
        #expect(s.handle(chunk([1, 2, 3])).isEmpty)
        #expect(s.handle(chunk([4])).isEmpty)
        #expect(s.handle(WyomingEvent("audio-stop")) == [.transcribe(samples: [1, 2, 3, 4], language: "en")])
        // Audio before the transcript is refused, the connection stays.
        #expect(s.handle(WyomingEvent("audio-start", format)).first.map { if case let .send(e) = $0 { e.type } else { "" } } == "error")
        #expect(s.transcribed(text: "hello", language: "en") == [.send(WyomingEvent("transcript", [("text", .string("hello")), ("language", .string("en"))]))])
        #expect(!s.closed)
    }

    @Test func emptyAudioStillAsksForATranscript() {
        var s = session()
        _ = s.handle(WyomingEvent("transcribe"))
        _ = s.handle(WyomingEvent("audio-start", format))
        #expect(s.handle(WyomingEvent("audio-stop")) == [.transcribe(samples: [], language: "en")])
    }

    @Test func unsupportedFormatIsRefusedWithAnError() {
        var s = session()
        _ = s.handle(WyomingEvent("transcribe"))
        let a = s.handle(WyomingEvent("audio-start", [("rate", .number(16000)), ("width", .number(3)), ("channels", .number(1))]))
        guard case let .send(e)? = a.first else { Issue.record("no error"); return }
        #expect(e.type == "error" && e["code"] == .string("unsupported-audio-format"))
    }

    @Test func wakeSessionResetsOnEveryAudioStartAndIgnoresStaleDetections() {
        var s = session()
        #expect(s.handle(WyomingEvent("detect", [("names", .array([.string("okay_nabu")]))])).isEmpty)
        #expect(s.handle(WyomingEvent("audio-start", format)) == [.wakeStart(models: ["okay_nabu"], generation: 1)])
        #expect(s.handle(chunk([5, 6])) == [.wakeAudio(samples: [5, 6], generation: 1)])
        #expect(s.handle(WyomingEvent("audio-start", format)) == [.wakeStart(models: ["okay_nabu"], generation: 2)])
        #expect(s.wakeDetected(name: "okay_nabu", milliseconds: 900, generation: 1).isEmpty)
        #expect(s.wakeDetected(name: "okay_nabu", milliseconds: 1200, generation: 2)
            == [.send(WyomingEvent("detection", [("name", .string("okay_nabu")), ("timestamp", .number(1200))]))])
        #expect(s.handle(WyomingEvent("audio-stop")) == [.wakeStop(generation: 2)])
        #expect(s.wakeFinished(generation: 2).isEmpty)  // something fired
        #expect(s.handle(WyomingEvent("audio-start", format)) == [.wakeStart(models: ["okay_nabu"], generation: 3)])
        _ = s.handle(WyomingEvent("audio-stop"))
        #expect(s.wakeFinished(generation: 3) == [.send(WyomingEvent("not-detected"))])
    }

    @Test func unknownWakeNameIsRefused() {
        var s = session()
        guard case let .send(e)? = s.handle(WyomingEvent("detect", [("names", .array([.string("computer")]))])).first else {
            Issue.record("no error"); return
        }
        #expect(e["code"] == .string("unknown-wake-word"))
    }

    @Test func unknownEventTypeIsAnErrorAndClose() {
        var s = session()
        let a = s.handle(WyomingEvent("frobnicate"))
        #expect(a.count == 2 && a.last == .close)
        #expect(s.closed)
        #expect(s.handle(WyomingEvent("describe")).isEmpty)
    }

    @Test func missingServicesAreRefusedNotCrashed() {
        var s = session(asr: false, wake: [])
        for type in ["transcribe", "detect"] {
            guard case let .send(e)? = s.handle(WyomingEvent(type)).first else { Issue.record("no error for \(type)"); continue }
            #expect(e.type == "error")
        }
        #expect(!s.closed)
    }

    @Test func afterRunSatelliteHomeAssistantEventsGoToTheSatellite() {
        var s = session(satellite: true)
        #expect(s.handle(WyomingEvent("run-satellite")) == [.satellite(WyomingEvent("run-satellite"))])
        for e in [WyomingEvent("synthesize", [("text", .string("hi"))]), WyomingEvent("audio-start", format), WyomingEvent("transcript")] {
            #expect(s.handle(e) == [.satellite(e)])
        }
        #expect(s.handle(WyomingEvent("ping")) == [.send(WyomingEvent("pong"))])
    }

    @Test func synthesizedAudioIsStartChunksStop() {
        let s = session()
        let actions = s.synthesized(samples: [Int16](repeating: 7, count: 22050 * 2 + 10), rate: 22050)
        let types = actions.compactMap { if case let .send(e) = $0 { e.type } else { nil } }
        #expect(types == ["audio-start", "audio-chunk", "audio-chunk", "audio-chunk", "audio-stop"])
    }
}

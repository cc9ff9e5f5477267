/// One Wyoming server connection's protocol state: events in, actions out. Speech-to-text
/// (`transcribe` → `audio-start` → chunks → `audio-stop` → `transcript`), wake word (`detect` →
/// `audio-start` → chunks, `detection` per phrase heard, `not-detected` after `audio-stop`; state
/// reset on each `audio-start`), text-to-speech (`synthesize`), `describe`, `ping`. Satellite
/// events are handed on. No I/O: the connection runs the actions, inference on worker threads,
/// and reports results back (`transcribed`, `wakeDetected`, `wakeFinished`, `synthesized`).
public struct WyomingServerSession: Sendable {
    public struct Capabilities: Sendable {
        /// The prebuilt `info` answer.
        public var info: WyomingEvent
        public var asr: Bool
        /// Installed wake models (their names).
        public var wakeModels: [String]
        public var tts: Bool
        public var satellite: Bool
        /// Longest audio one `transcribe` takes, in 16 kHz samples (Whisper reads 30 s).
        public var maxTranscribeSamples: Int

        public init(info: WyomingEvent, asr: Bool, wakeModels: [String], tts: Bool, satellite: Bool,
                    maxTranscribeSamples: Int = 30 * 16_000) {
            self.info = info
            self.asr = asr
            self.wakeModels = wakeModels
            self.tts = tts
            self.satellite = satellite
            self.maxTranscribeSamples = maxTranscribeSamples
        }
    }

    public enum Action: Sendable, Equatable {
        case send(WyomingEvent)
        /// Closes the connection after what was sent before.
        case close
        /// Recognise one utterance (16 kHz mono), then call `transcribed`.
        case transcribe(samples: [Int16], language: String?)
        /// Start (or restart) wake detection with these models: reset the spotter's state.
        case wakeStart(models: [String], generation: Int)
        case wakeAudio(samples: [Int16], generation: Int)
        /// After the audio before it is processed, call `wakeFinished(generation:)`.
        case wakeStop(generation: Int)
        /// Synthesize, then call `synthesized`.
        case synthesize(text: String)
        /// A satellite event (after `run-satellite`) for the satellite to act on.
        case satellite(WyomingEvent)
    }

    private enum Mode: Sendable {
        case idle
        case asrArmed(language: String?)
        case asrStreaming(PCMConverter, samples: [Int16], language: String?)
        /// Waiting for the transcript of a finished request; further audio is refused.
        case asrBusy
        case wakeArmed(models: [String])
        case wakeStreaming(PCMConverter, models: [String])
    }

    public let capabilities: Capabilities
    private var mode: Mode = .idle
    private var generation = 0
    private var detectedThisGeneration = false
    private var satelliteRunning = false
    public private(set) var closed = false

    public init(capabilities: Capabilities) { self.capabilities = capabilities }

    /// Whether `run-satellite` started satellite mode on this connection.
    public var isSatellite: Bool { satelliteRunning }

    public mutating func handle(_ event: WyomingEvent) -> [Action] {
        guard !closed else { return [] }
        if satelliteRunning, event.type != "describe", event.type != "ping" {
            // Home Assistant drives the satellite: its audio is TTS to play, its synthesize/transcript informative.
            return [.satellite(event)]
        }
        switch event.type {
        case "describe":
            return [.send(capabilities.info)]
        case "ping":
            var pong = WyomingEvent("pong")
            if let text = event["text"], case .string = text { pong.data = [("text", text)] }
            return [.send(pong)]
        case "pong":
            return []
        case "transcribe":
            guard capabilities.asr else { return refuse("no speech-to-text model installed (run `make models`)", code: "asr-unavailable") }
            mode = .asrArmed(language: event["language"]?.stringValue)
            return []
        case "detect":
            return detect(event)
        case "synthesize":
            guard capabilities.tts else { return refuse("text-to-speech is unavailable", code: "tts-unavailable") }
            guard let text = event["text"]?.stringValue else { return fail("synthesize needs a \"text\" string", code: "bad-request") }
            return [.synthesize(text: text)]
        case "audio-start":
            return audioStart(event)
        case "audio-chunk":
            return audioChunk(event)
        case "audio-stop":
            return audioStop()
        case "run-satellite" where capabilities.satellite:
            satelliteRunning = true
            return [.satellite(event)]
        default:
            if capabilities.satellite && Self.satelliteEvents.contains(event.type) {
                return [.satellite(event)]
            }
            return fail("unknown event type \"\(event.type)\"", code: "unknown-event")
        }
    }

    /// Events Home Assistant sends a satellite (before or after `run-satellite`).
    public static let satelliteEvents: Set<String> = [
        "run-satellite", "pause-satellite", "detection", "voice-started", "voice-stopped", "transcript", "synthesize",
        "played", "error", "run-pipeline", "streaming-started", "streaming-stopped", "timer-started", "timer-updated",
        "timer-cancelled", "timer-finished", "satellite-connected", "satellite-disconnected",
    ]

    // MARK: Results from the workers

    public mutating func transcribed(text: String, language: String?) -> [Action] {
        guard case .asrBusy = mode else { return [] }
        mode = .idle
        var data: [(String, JSONValue)] = [("text", .string(text))]
        if let language { data.append(("language", .string(language))) }
        return [.send(WyomingEvent("transcript", data))]
    }

    public mutating func transcriptionFailed(_ error: WyomingRequestError) -> [Action] {
        mode = .idle
        return [.send(.error(error.text, code: error.code))]
    }

    public mutating func wakeDetected(name: String, milliseconds: Int, generation g: Int) -> [Action] {
        // Detections come back from the worker after the event loop may have seen `audio-stop`:
        // only a newer `audio-start` (a new generation) makes them stale.
        guard g == generation else { return [] }
        detectedThisGeneration = true
        return [.send(WyomingEvent("detection", [("name", .string(name)), ("timestamp", .number(Double(milliseconds)))]))]
    }

    public mutating func wakeFinished(generation g: Int) -> [Action] {
        guard g == generation else { return [] }
        return detectedThisGeneration ? [] : [.send(WyomingEvent("not-detected"))]
    }

    /// The synthesized audio as Home Assistant plays it: start, ~1 s chunks, stop.
    public func synthesized(samples: [Int16], rate: Int) -> [Action] {
        let format = WyomingAudioFormat(rate: rate, width: 2, channels: 1)
        var actions: [Action] = [.send(WyomingEvent("audio-start", format.dataFields))]
        var i = 0
        while i < samples.count {
            let end = min(samples.count, i + rate)
            var bytes = [UInt8]()
            bytes.reserveCapacity((end - i) * 2)
            for s in samples[i..<end] {
                let u = UInt16(bitPattern: s)
                bytes.append(UInt8(u & 0xFF))
                bytes.append(UInt8(u >> 8))
            }
            actions.append(.send(WyomingEvent("audio-chunk", format.dataFields, payload: bytes)))
            i = end
        }
        actions.append(.send(WyomingEvent("audio-stop")))
        return actions
    }

    public func synthesisFailed(_ error: WyomingRequestError) -> [Action] {
        [.send(.error(error.text, code: error.code))]
    }

    // MARK: Events

    private mutating func detect(_ event: WyomingEvent) -> [Action] {
        guard !capabilities.wakeModels.isEmpty else {
            return refuse("no wake word model installed (run `make models`)", code: "wake-unavailable")
        }
        var models = capabilities.wakeModels
        if let names = event["names"]?.arrayValue, !names.isEmpty {
            let wanted = names.compactMap(\.stringValue)
            models = wanted.filter { capabilities.wakeModels.contains($0) }
            if models.isEmpty {
                return refuse("unknown wake word(s) \(wanted); installed: \(capabilities.wakeModels.joined(separator: ", "))",
                              code: "unknown-wake-word")
            }
        }
        mode = .wakeArmed(models: models)
        return []
    }

    private mutating func audioStart(_ event: WyomingEvent) -> [Action] {
        let format: WyomingAudioFormat
        switch WyomingAudioFormat.from(event) {
        case let .success(f): format = f
        case let .failure(e): return refuse(e.text, code: e.code)
        }
        switch mode {
        case let .asrArmed(language), let .asrStreaming(_, _, language):
            mode = .asrStreaming(PCMConverter(input: format), samples: [], language: language)
            return []
        case .idle where capabilities.asr:
            // Like wyoming-faster-whisper: audio without `transcribe` is a transcription request.
            mode = .asrStreaming(PCMConverter(input: format), samples: [], language: nil)
            return []
        case let .wakeArmed(models), let .wakeStreaming(_, models):
            generation += 1
            detectedThisGeneration = false
            mode = .wakeStreaming(PCMConverter(input: format), models: models)
            return [.wakeStart(models: models, generation: generation)]
        case .asrBusy:
            return refuse("audio-start before the previous transcript was sent", code: "busy")
        case .idle:
            return refuse("audio-start without transcribe or detect", code: "unexpected-event")
        }
    }

    private mutating func audioChunk(_ event: WyomingEvent) -> [Action] {
        switch mode {
        case .asrStreaming(var converter, var samples, let language):
            mode = .asrBusy  // while mutating the buffers (no copy on write)
            converter.convert(event.payload, into: &samples)
            if samples.count > capabilities.maxTranscribeSamples {
                mode = .idle
                return refuse("audio longer than \(capabilities.maxTranscribeSamples / 16_000) s for one transcription", code: "audio-too-long")
            }
            mode = .asrStreaming(converter, samples: samples, language: language)
            return []
        case .wakeStreaming(var converter, let models):
            var samples: [Int16] = []
            samples.reserveCapacity(event.payload.count / 2 + 2)
            converter.convert(event.payload, into: &samples)
            mode = .wakeStreaming(converter, models: models)
            return samples.isEmpty ? [] : [.wakeAudio(samples: samples, generation: generation)]
        case .asrBusy:
            return refuse("audio-chunk before the previous transcript was sent", code: "busy")
        default:
            // A late chunk after audio-stop, or without audio-start: nothing to feed.
            return []
        }
    }

    private mutating func audioStop() -> [Action] {
        switch mode {
        case let .asrStreaming(_, samples, language):
            mode = .asrBusy
            return [.transcribe(samples: samples, language: language ?? "en")]
        case let .wakeStreaming(_, models):
            mode = .wakeArmed(models: models)
            return [.wakeStop(generation: generation)]
        default:
            return []
        }
    }

    /// Refuses one request; the connection stays open.
    private func refuse(_ text: String, code: String) -> [Action] { [.send(.error(text, code: code))] }

    /// A protocol violation: error, then close.
    private mutating func fail(_ text: String, code: String) -> [Action] {
        closed = true
        return [.send(.error(text, code: code)), .close]
    }
}

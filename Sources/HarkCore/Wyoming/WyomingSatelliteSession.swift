/// Hark as a Home Assistant satellite, as a state machine: Home Assistant's events, the local
/// wake word detections and the microphone's utterances in, actions out.
///
/// After `run-satellite`, the local wake word opens a command window exactly as in the
/// standalone `wake` mode (`ListeningGate`): the command is the audio after the wake word in the
/// same breath, or the next utterance that starts within `listenTimeout` when the wake phrase was
/// said alone. That command goes to Home Assistant the way wyoming-satellite sends it after a
/// local detection: `detection{name, timestamp}`, `run-pipeline{start_stage: asr, end_stage:
/// tts, restart_on_end: false, wake_word_name}`, then `audio-start`, `audio-chunk`s (1,024
/// samples each), `audio-stop`. The TTS audio Home Assistant sends back is played and answered
/// with `played`. Without a connection (or after `pause-satellite`) utterances stay with the
/// standalone assistant.
public struct WyomingSatelliteSession: Sendable {
    public enum Phase: Sendable, Equatable {
        /// No Home Assistant connection running the satellite: Hark is standalone.
        case standalone
        /// Waiting for the local wake word (or, after it, for the command).
        case listening
        /// The command was sent; waiting for Home Assistant's answer.
        case awaitingAnswer
        /// Playing Home Assistant's TTS audio.
        case playing
    }

    public enum Action: Sendable, Equatable {
        case send(WyomingEvent)
        /// Play this PCM (after `audio-start` announced its format).
        case playStart(WyomingAudioFormat)
        case playChunk([UInt8])
        /// The TTS audio ended: play out what is queued, then call `played()`.
        case playStop
        /// Give this utterance to the standalone assistant.
        case standalone(Utterance)
    }

    /// Samples per `audio-chunk` sent (64 ms at 16 kHz, as wyoming-satellite sends).
    public static let chunkSamples = 1024
    static let rate = 16_000

    public private(set) var phase: Phase = .standalone
    /// The wake word's command window (audio seconds of the microphone's clock).
    public private(set) var gate: ListeningGate
    /// When the wake word that opened the window was heard (audio seconds).
    private var wokeAt = 0.0

    /// - listenTimeout: seconds after the wake word for the command to start (`[wake] listen_timeout`).
    /// - minCommand: less speech than this after the wake word in the same breath is the wake
    ///   phrase alone (`[speech] min_command`).
    public init(listenTimeout: Double = 8, minCommand: Double = 0.3) {
        gate = ListeningGate(mode: .wake, listenTimeout: listenTimeout, minCommand: minCommand)
    }

    /// Home Assistant's events on the connection that sent `run-satellite`.
    public mutating func received(_ event: WyomingEvent) -> [Action] {
        switch event.type {
        case "run-satellite":
            if phase == .standalone { phase = .listening }
            return []
        case "pause-satellite":
            phase = .standalone
            closeWindow()
            return []
        case "audio-start":
            guard phase != .standalone, case let .success(format) = WyomingAudioFormat.from(event) else { return [] }
            phase = .playing
            return [.playStart(format)]
        case "audio-chunk":
            return phase == .playing && !event.payload.isEmpty ? [.playChunk(event.payload)] : []
        case "audio-stop":
            return phase == .playing ? [.playStop] : []
        case "error":
            // The pipeline failed (no text recognised, no intent…): the next wake word starts the next one.
            if phase == .awaitingAnswer { phase = .listening }
            return []
        default:
            // detection, transcribe, voice-started/stopped, transcript, synthesize, timers…: informative only.
            return []
        }
    }

    /// The TTS audio has been played out.
    public mutating func played() -> [Action] {
        guard phase == .playing else { return [] }
        phase = .listening
        return [.send(WyomingEvent("played"))]
    }

    /// The connection closed: Hark goes on alone.
    public mutating func disconnected() {
        phase = .standalone
        closeWindow()
    }

    private mutating func closeWindow() {
        gate = ListeningGate(mode: .wake, listenTimeout: gate.listenTimeout, minCommand: gate.minCommand)
    }

    /// The local spotter heard `model` at `at` seconds of the microphone's clock (it runs on the
    /// continuous capture: the wake word needs the audio before it). Opens the command window
    /// unless Hark is standalone or talking (its own voice must not start a pipeline).
    /// Returns whether a window opened.
    @discardableResult
    public mutating func wake(model: String, at: Double) -> Bool {
        guard phase == .listening || phase == .awaitingAnswer else { return false }
        wokeAt = at
        return !gate.wake(model: model, at: at).isEmpty
    }

    /// An utterance from the microphone (VAD-cut), after the wake detections that precede its end.
    public mutating func utterance(_ utterance: Utterance) -> [Action] {
        switch phase {
        case .standalone:
            return [.standalone(utterance)]
        case .playing:
            return []  // Hark is talking; its own voice must not start a pipeline.
        case .listening, .awaitingAnswer:
            let origin = utterance.seconds(utterance.audioStartSample)
            let decision = gate.utterance(start: utterance.seconds(utterance.startSample), end: utterance.seconds(utterance.endSample))
            switch decision {
            case .ignore:
                return [.standalone(utterance)]
            case .wakePhraseOnly:
                return []  // the command follows after the pause
            case let .command(from, window):
                guard case let .wake(model)? = window?.trigger else { return [.standalone(utterance)] }
                let first = from.map { min(utterance.samples.count, max(0, Int((($0 - origin) * Double(Self.rate)).rounded()))) } ?? 0
                phase = .awaitingAnswer
                return pipeline(wakeWord: model, detectedAtMs: Int((wokeAt * 1000).rounded()), samples: utterance.samples[first...])
            }
        }
    }

    /// What wyoming-satellite sends after a local detection, then the command's audio.
    /// `detection`'s timestamp: ms of the microphone's audio clock at the wake word.
    private func pipeline(wakeWord: String, detectedAtMs: Int, samples: ArraySlice<Int16>) -> [Action] {
        let format = WyomingAudioFormat.model
        var actions: [Action] = [
            .send(WyomingEvent("detection", [("name", .string(wakeWord)), ("timestamp", .number(Double(detectedAtMs)))])),
            .send(WyomingEvent("run-pipeline", [
                ("start_stage", .string("asr")), ("end_stage", .string("tts")), ("restart_on_end", .bool(false)),
                ("wake_word_name", .string(wakeWord)),
            ])),
            .send(WyomingEvent("audio-start", format.dataFields + [("timestamp", .number(0))])),
        ]
        var i = samples.startIndex
        var ms = 0
        while i < samples.endIndex {
            let end = min(samples.endIndex, i + Self.chunkSamples)
            var bytes = [UInt8]()
            bytes.reserveCapacity((end - i) * 2)
            for s in samples[i..<end] {
                let u = UInt16(bitPattern: s)
                bytes.append(UInt8(u & 0xFF))
                bytes.append(UInt8(u >> 8))
            }
            actions.append(.send(WyomingEvent("audio-chunk", format.dataFields + [("timestamp", .number(Double(ms)))], payload: bytes)))
            ms += (end - i) * 1000 / Self.rate
            i = end
        }
        actions.append(.send(WyomingEvent("audio-stop", [("timestamp", .number(Double(ms)))])))
        return actions
    }
}

/// Hark as a Home Assistant satellite, as a state machine: Home Assistant's events and the
/// local microphone's wake-word utterances in, actions out. After `run-satellite`, an utterance
/// that began with the wake word is sent as `run-pipeline{start_stage: asr, end_stage: tts,
/// wake_word_name}`, `audio-start`, `audio-chunk`s, `audio-stop`; the TTS audio Home Assistant
/// sends back is played and answered with `played`. Without a connection (or after
/// `pause-satellite`) utterances stay with the standalone assistant.
public struct WyomingSatelliteSession: Sendable {
    public enum Phase: Sendable, Equatable {
        /// No Home Assistant connection running the satellite: Hark is standalone.
        case standalone
        /// Waiting for the local wake word.
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

    public private(set) var phase: Phase = .standalone

    public init() {}

    /// Home Assistant's events on the connection that sent `run-satellite`.
    public mutating func received(_ event: WyomingEvent) -> [Action] {
        switch event.type {
        case "run-satellite":
            phase = .listening
            return []
        case "pause-satellite":
            phase = .standalone
            return []
        case "audio-start":
            guard phase != .standalone, case let .success(format) = WyomingAudioFormat.from(event) else { return [] }
            phase = .playing
            return [.playStart(format)]
        case "audio-chunk":
            return phase == .playing && !event.payload.isEmpty ? [.playChunk(event.payload)] : []
        case "audio-stop":
            return phase == .playing ? [.playStop] : []
        case "error", "transcript", "voice-stopped":
            // The pipeline ended (or failed) without speech to play, or it is still coming: a new
            // wake word may start the next one.
            if phase == .awaitingAnswer, event.type == "error" { phase = .listening }
            return []
        default:
            // detection, transcribe, synthesize, voice-started, timers…: informative only.
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
    public mutating func disconnected() { phase = .standalone }

    /// An utterance from the microphone in which the wake word `wakeWord` was heard, `samples`
    /// being the audio after the wake word (16 kHz mono).
    public mutating func wakeUtterance(_ utterance: Utterance, wakeWord: String, samples: ArraySlice<Int16>) -> [Action] {
        switch phase {
        case .standalone:
            return [.standalone(utterance)]
        case .playing:
            return []  // Hark is talking; its own voice must not start a pipeline.
        case .listening, .awaitingAnswer:
            phase = .awaitingAnswer
            let format = WyomingAudioFormat.model
            var actions: [Action] = [
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
                ms += (end - i) / 16
                i = end
            }
            actions.append(.send(WyomingEvent("audio-stop", [("timestamp", .number(Double(ms)))])))
            return actions
        }
    }
}

import HarkAudio
import HarkCore

extension Assembly {
    /// The audio area: playback on `[audio] output_device` (when set), capture from `[audio] device`
    /// with recovery, Silero VAD + endpointing over it. Without the VAD model (models folder
    /// missing it) the front end captures only and reports `audio degraded: no VAD model`.
    func addAudio() throws {
        let audio = context.config.audio
        let status = context.status
        guard audio.enabled else {
            status.set("audio", "off")
            return
        }
        var logger = context.logger
        logger[metadataKey: "area"] = "audio"
        var options = CaptureOptions(
            device: audio.device, periodFrames: audio.periodFrames, bufferFrames: audio.bufferFrames,
            queuePeriods: audio.queuePeriods, reopenMin: audio.reopenMin, reopenMax: audio.reopenMax)
        // Capture waits for the front end rather than dropping audio it has not heard: a real
        // device then overruns (audio_overruns), an unpaced file source just waits (docs/voice.md).
        options.backpressure = true
        let heartbeat = context.health.register("audio.capture", maxSilence: .seconds(10))
        let counters = context.counters
        let listening = prepareListening()
        let relay = satelliteFrames
        let frames: @Sendable (CapturedFrames) -> Void = { f in
            listening?.frames(f)
            relay.forward(f)
        }
        var speech: (@Sendable (SpeechEvent) -> Void)?
        var decide: (@Sendable (Utterance) -> ListeningGate.Decision)?
        if let listening {
            speech = { listening.speech($0) }
            decide = { listening.decide($0) }
        }
        let sinks = AudioFrontEnd.Sinks(
            setStatus: { status.set("audio", $0) }, beat: { heartbeat.beat() },
            droppedUtterance: { counters.counter("audio_dropped_utterances").increment() },
            droppedEvent: { counters.counter("audio_dropped_speech_events").increment() },
            counters: counters, frames: frames, speech: speech, decide: decide)
        let modelsDir = context.config.resolvePath(context.config.models.dir)
        if audio.outputDevice.isEmpty {
            logger.info("audio: no output_device; chimes and spoken replies are off")
        } else {
            let service = AudioPlaybackService(options: .init(device: audio.outputDevice, chimeVolume: audio.chimeVolume,
                                                              ttsCommand: audio.ttsCommand),
                                               chimes: audio.chimes, logger: logger)
            playback = service
            add(service, name: "audio-playback")
        }
        let frontEnd = AudioFrontEnd(capture: options, endpointing: audio.endpointing, logger: logger, sinks: sinks,
                                     makeDetector: { try VADFactory.silero(modelsDirectory: modelsDir) })
        audioFrontEnd = frontEnd
        add(frontEnd, name: "audio")
    }
}

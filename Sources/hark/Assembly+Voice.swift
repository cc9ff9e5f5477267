import Foundation
import HarkAudio
import HarkCore
import HarkVoice
import Logging

extension Assembly {
    /// The listening mode and wake-word spotter, made before the audio front end (which feeds
    /// them from its task). Nil when spoken commands are off.
    func prepareListening() -> ListeningController? {
        let config = context.config
        guard config.audio.enabled, config.speech.enabled else { return nil }
        var logger = context.logger
        logger[metadataKey: "area"] = "voice"
        let modelsDir = config.resolvePath(config.models.dir)
        var spotter: (any WakeWordSpotter)?
        if config.wake.mode == nil || config.wake.mode == .wake {
            do {
                spotter = try SpeechEngines.spotter(models: config.wake.models, cutoffs: config.wake.cutoffs, modelsDirectory: modelsDir)
            } catch {
                logger.error("wake word unavailable", metadata: ["models": "\(config.wake.models)", "error": "\(error)"])
            }
        }
        let mode = SpeechEngines.mode(config.wake, spotterAvailable: spotter != nil)
        if mode == .wake, spotter == nil {
            logger.error("[wake] mode = \"wake\" but no wake model could be loaded: no command window will open",
                         metadata: ["fix": "run `make models`, or set [wake] mode = \"push_to_talk\" or \"always\""])
        } else if config.wake.mode == nil, mode == .always {
            logger.notice("no wake model installed: every utterance is a command candidate (grammar only)",
                          metadata: ["fix": "install the wake models (`make models`) or set [wake] mode"])
        }
        let counters = context.counters
        let gate = ListeningGate(mode: mode, listenTimeout: Self.seconds(config.wake.listenTimeout),
                                 minCommand: Self.seconds(config.speech.minCommand))
        let controller = ListeningController(gate: gate, spotter: spotter,
                                             droppedEvent: { counters.counter("voice_dropped_events").increment() })
        listening = controller
        return controller
    }

    /// The voice path over the front end's utterances, once the intents are there.
    func addVoice() throws {
        let config = context.config
        guard let controller = listening, let frontEnd = audioFrontEnd else { return }
        var logger = context.logger
        logger[metadataKey: "area"] = "voice"
        guard let intents = intentService, let mqtt else {
            logger.notice("spoken commands off: no [[intent]] and no [cloud]")
            context.status.set("voice", "off: nothing to command")
            return
        }
        var recognizer: (any SpeechRecognizer)?
        do {
            recognizer = try SpeechEngines.recognizer(modelsDirectory: config.resolvePath(config.models.dir), threads: config.models.threads)
        } catch {
            // Windows still open and close (with the utterance's times); nothing is recognised.
            logger.error("spoken commands not recognised: no speech model", metadata: ["error": "\(error)", "fix": "run `make models`"])
        }
        let interpreter = VoiceInterpreter(mode: controller.mode, settings: config.speech,
                                           alwaysMinConfidence: config.wake.alwaysMinConfidence)
        let built = interpreter.grammar(for: intents.engine)
        if let built, !built.omitted.isEmpty {
            logger.warning("intents left out of the spoken grammar (too many sentences)", metadata: ["intents": "\(built.omitted)"])
        }
        var play: (@Sendable (PlaybackRequest) -> Void)?
        if let playback = self.playback { play = { playback.enqueue($0) } }
        let deps = VoiceService.Dependencies(
            utterances: voiceUtterances ?? frontEnd.utterances, controller: controller, recognizer: recognizer, interpreter: interpreter,
            engine: { intents.engine }, hermes: { intents.hermesEnabled }, bus: mqtt, prefix: context.topicPrefix,
            siteID: context.deviceID, play: play, listeningChime: config.wake.listeningChime,
            counters: context.counters, status: context.status)
        add(VoiceService(deps, logger: Logger(label: "hark.voice")), name: "voice")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

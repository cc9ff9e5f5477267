import Foundation
import HarkAudio
import HarkCore
import HarkIntents
import Logging
import ServiceLifecycle
import Synchronization

/// The daemon's voice path: every utterance from the audio front end that the listening mode lets
/// through (``ListeningController``) is recognised on the recogniser's own thread
/// (``RecognitionWorker``: bounded queue, drops counted) against the intents' grammar, understood
/// by the same intent engine as text commands (``VoiceInterpreter``), and delivered like a text
/// command (``IntentDelivery``): action, `<prefix>/intent/<name>`, `<prefix>/reply` with
/// `"transcript"` and `"recognizer"`; the transcript on `<prefix>/transcript`; with Hermes also
/// `hermes/asr/textCaptured` and the Hermes intent topics. Wake detections go on `<prefix>/wake`
/// (and `hermes/hotword/<model>/detected`), windows on `<prefix>/listening`; push-to-talk
/// requests come on `<prefix>/listen` (and Hermes `hermes/asr/startListening`,
/// `hermes/hotword/toggleOn`). Chimes and the reply are played on the speaker when there is one.
public final class VoiceService: Service, Sendable {
    public struct Dependencies: Sendable {
        public var utterances: AsyncStream<Utterance>
        public var controller: ListeningController
        /// nil: no speech model; command windows still open and close (with the utterance's times).
        public var recognizer: (any SpeechRecognizer)?
        public var interpreter: VoiceInterpreter
        /// The current intent engine (it changes on config reloads).
        public var engine: @Sendable () -> IntentEngine
        /// Whether Hermes topics are on now.
        public var hermes: @Sendable () -> Bool
        public var bus: any MessageBus
        public var prefix: String
        public var siteID: String
        /// Chimes and spoken replies (nil: no speaker).
        public var play: (@Sendable (PlaybackRequest) -> Void)?
        public var listeningChime: Bool
        public var counters: Counters
        public var status: DaemonStatus?

        public init(utterances: AsyncStream<Utterance>, controller: ListeningController, recognizer: (any SpeechRecognizer)?,
                    interpreter: VoiceInterpreter, engine: @escaping @Sendable () -> IntentEngine, hermes: @escaping @Sendable () -> Bool,
                    bus: any MessageBus, prefix: String, siteID: String, play: (@Sendable (PlaybackRequest) -> Void)?,
                    listeningChime: Bool, counters: Counters, status: DaemonStatus?) {
            self.utterances = utterances
            self.controller = controller
            self.recognizer = recognizer
            self.interpreter = interpreter
            self.engine = engine
            self.hermes = hermes
            self.bus = bus
            self.prefix = prefix
            self.siteID = siteID
            self.play = play
            self.listeningChime = listeningChime
            self.counters = counters
            self.status = status
        }
    }

    /// What travels with an utterance through the recogniser.
    struct Tag: Sendable {
        var start: Double
        var end: Double
        var received: ContinuousClock.Instant
        var window: ListeningGate.Window?
        var session: String
    }

    private let d: Dependencies
    private let worker: RecognitionWorker<Tag>?
    private let logger: Logger
    private let detections = Atomic<Int>(0)
    private let sessionCounter = Atomic<Int>(0)

    public init(_ dependencies: Dependencies, logger: Logger) {
        d = dependencies
        self.logger = logger
        let counters = dependencies.counters
        let log = logger
        worker = dependencies.recognizer.map {
            RecognitionWorker(recognizer: $0, capacity: dependencies.interpreter.settings.queue) { tag in
                counters.counter("voice_dropped_utterances").increment()
                log.warning("recogniser busy: utterance dropped", metadata: ["start_s": "\(tag.start)", "end_s": "\(tag.end)"])
            }
        }
    }

    private var delivery: IntentDelivery { IntentDelivery(bus: d.bus, prefix: d.prefix, counters: d.counters, logger: logger) }

    public func run() async throws {
        worker?.start()
        updateStatus()
        logger.info("voice path running", metadata: [
            "mode": "\(d.controller.mode)", "wake_models": "\(d.controller.spotterModels.joined(separator: ","))",
            "grammar": "\(d.interpreter.settings.grammar)", "queue": "\(d.interpreter.settings.queue)"])
        await withDiscardingTaskGroup { group in
            group.addTask { await self.deliverResults() }
            group.addTask { for await e in self.d.controller.events.cancelOnGracefulShutdown() { await self.handle(e) } }
            if d.controller.mode == .pushToTalk {
                let requests = [d.bus.subscribe("\(d.prefix)/listen", qos: 1, buffer: 16)]
                    .map { ($0, false) }
                    + ["hermes/asr/startListening", "hermes/hotword/toggleOn"].map { (d.bus.subscribe($0, qos: 1, buffer: 16), true) }
                for (stream, hermes) in requests {
                    group.addTask {
                        for await m in stream.cancelOnGracefulShutdown() { self.pushToTalk(m.payload, hermes: hermes) }
                    }
                }
            }
            for await u in d.utterances.cancelOnGracefulShutdown() { await take(u) }
            // The front end has stopped: let the queued utterances finish, then stop the rest.
            await worker?.finish()
            d.controller.finish()
            group.cancelAll()
        }
        logger.info("voice path stopped")
    }

    /// An utterance from the front end (never waits: the recogniser has its own thread and queue).
    private func take(_ u: Utterance) async {
        d.counters.counter("voice_utterances").increment()
        // Decided on the front end's task, in audio order (a later decision here would see the
        // gate as it is now, possibly after later detections or speech).
        let decision = u.listening ?? d.controller.decide(u)
        let start = u.seconds(u.startSample), end = u.seconds(u.endSample)
        switch decision {
        case .ignore:
            d.counters.counter("voice_ignored_utterances").increment()
            logger.debug("utterance outside a command window", metadata: ["start_s": "\(start)", "end_s": "\(end)"])
        case .wakePhraseOnly:
            logger.debug("wake phrase alone; window stays open", metadata: ["end_s": "\(end)"])
        case let .command(from, window):
            let engine = d.engine()
            let grammar = d.interpreter.grammar(for: engine)
            let n = sessionCounter.add(1, ordering: .relaxed).newValue
            let tag = Tag(start: from ?? start, end: end, received: .now, window: window, session: "hark-\(d.siteID)-\(n)")
            if let worker {
                worker.submit(.init(samples: VoiceInterpreter.samples(of: u, from: from), grammar: grammar?.grammar, tag: tag))
            } else {
                d.counters.counter("voice_unrecognised_utterances").increment()
                logger.warning("command utterance not recognised: no speech model", metadata: ["start_s": "\(tag.start)", "end_s": "\(end)"])
            }
            if window != nil { await publishWindow(closed: "command", start: tag.start, end: end) }
        }
    }

    private func deliverResults() async {
        guard let worker else { return }
        for await out in worker.results {
            let tag = out.tag
            switch out.recognition {
            case let .failure(error):
                d.counters.counter("voice_recognition_errors").increment()
                logger.error("recognition failed", metadata: ["start_s": "\(tag.start)", "error": "\(error)"])
                d.play?(.chime(.error))
            case let .success(recognition):
                d.counters.counter("voice_recognitions", labels: ["recognizer": recognition.recognizer.rawValue]).increment()
                await deliver(recognition, tag: tag)
            }
        }
    }

    private func deliver(_ recognition: Recognition, tag: Tag) async {
        let hermes = d.hermes()
        let delivery = self.delivery
        var info = SpeechInfo(transcript: recognition.text, recognizer: recognition.recognizer, confidence: recognition.confidence,
                              startSeconds: tag.start, endSeconds: tag.end)
        await delivery.publish("\(d.prefix)/transcript", JSONValue.object(info.fields).serialized)
        if hermes {
            await delivery.publish("hermes/asr/textCaptured", JSONValue.object([
                ("text", .string(recognition.text)), ("likelihood", .number(recognition.confidence)),
                ("seconds", .number(tag.end - tag.start)), ("siteId", .string(d.siteID)), ("sessionId", .string(tag.session)),
                ("wakewordId", tag.window.flatMap { if case let .wake(m) = $0.trigger { .string(m) } else { nil } } ?? .null),
            ]).serialized)
        }
        info.pipelineMilliseconds = Self.ms(ContinuousClock.now - tag.received)
        switch await d.interpreter.interpret(recognition, engine: d.engine(), speech: info) {
        case let .ignored(why):
            d.counters.counter("voice_ignored_utterances").increment()
            logger.info("utterance not taken as a command", metadata: ["transcript": "\(recognition.text)", "why": "\(why)"])
        case var .result(result):
            let acted = await delivery.act(result)
            result.speech?.pipelineMilliseconds = Self.ms(ContinuousClock.now - tag.received)
            if d.interpreter.settings.speakReplies, let reply = result.reply {
                if let play = d.play {
                    play(.speak(reply))
                    result.spoken = true
                } else {
                    result.spoken = false
                }
            }
            await delivery.announce(result, hermes: hermes ? .init(session: tag.session, site: d.siteID) : nil)
            if d.interpreter.settings.resultChimes { d.play?(.chime(result.match != nil || result.source == "cloud" ? .done : .error)) }
            d.counters.counter("voice_commands", labels: ["understood": result.match != nil ? "yes" : "no"]).increment()
            logger.info("spoken command handled", metadata: [
                "transcript": "\(recognition.text)", "recognizer": "\(recognition.recognizer.rawValue)",
                "intent": "\(result.match?.intent ?? "-")", "acted": "\(acted)",
                "recognition_ms": "\((recognition.computeSeconds * 1000).rounded())",
                "pipeline_ms": "\(result.speech?.pipelineMilliseconds ?? 0)"])
        }
    }

    private func handle(_ event: ListeningController.Event) async {
        switch event {
        case let .detected(w):
            let n = detections.add(1, ordering: .relaxed).newValue
            d.counters.counter("voice_wake_detections", labels: ["model": w.model]).increment()
            logger.info("wake word", metadata: ["model": "\(w.model)", "at_s": "\(w.seconds)", "probability": "\(w.probability)"])
            updateStatus(detections: n)
            await delivery.publish("\(d.prefix)/wake", JSONValue.object([
                ("model", .string(w.model)), ("probability", .number((w.probability * 1000).rounded() / 1000)),
                ("at_s", .number((w.seconds * 1000).rounded() / 1000)),
            ]).serialized)
            if d.hermes() {
                await delivery.publish("hermes/hotword/\(w.model)/detected", JSONValue.object([
                    ("siteId", .string(d.siteID)), ("modelId", .string(w.model)), ("modelVersion", .string("")),
                    ("modelType", .string("universal")), ("currentSensitivity", .number(w.probability)), ("sessionId", .null),
                    ("sendAudioCaptured", .null), ("lang", .null),
                ]).serialized)
            }
        case let .window(.opened(w)):
            d.counters.counter("voice_windows").increment()
            if d.listeningChime { d.play?(.chime(.listening)) }
            var fields: [(String, JSONValue)] = [("state", .string("open")), ("at_s", .number((w.openedAt * 1000).rounded() / 1000))]
            switch w.trigger {
            case let .wake(model): fields += [("trigger", .string("wake")), ("model", .string(model))]
            case .pushToTalk: fields.append(("trigger", .string("push_to_talk")))
            }
            await delivery.publish("\(d.prefix)/listening", JSONValue.object(fields).serialized)
        case let .window(.timedOut(w)):
            d.counters.counter("voice_window_timeouts").increment()
            logger.info("command window timed out", metadata: ["opened_at_s": "\(w.openedAt)"])
            if d.listeningChime { d.play?(.chime(.error)) }
            await publishWindow(closed: "timeout", start: nil, end: nil)
        }
    }

    private func publishWindow(closed reason: String, start: Double?, end: Double?) async {
        var fields: [(String, JSONValue)] = [("state", .string("closed")), ("reason", .string(reason))]
        if let start { fields.append(("start_s", .number((start * 1000).rounded() / 1000))) }
        if let end { fields.append(("end_s", .number((end * 1000).rounded() / 1000))) }
        await delivery.publish("\(d.prefix)/listening", JSONValue.object(fields).serialized)
    }

    private func pushToTalk(_ payload: [UInt8], hermes: Bool) {
        if hermes {
            guard d.hermes() else { return }
            // Hermes: only requests for this site (or for no particular site).
            if let json = JSONValue.parse(bytes: payload, maxDepth: 8, maxBytes: 4096), let site = json["siteId"]?.stringValue,
               site != d.siteID {
                return
            }
        }
        d.counters.counter("voice_push_to_talk").increment()
        d.controller.pushToTalk()
    }

    private func updateStatus(detections: Int? = nil) {
        let n = detections ?? self.detections.load(ordering: .relaxed)
        var phrase: String
        switch d.controller.mode {
        case .wake:
            phrase = d.controller.spotterModels.isEmpty ? "degraded: no wake model" :
                "wake \(d.controller.spotterModels.joined(separator: ",")), \(n) detection\(n == 1 ? "" : "s")"
        case .pushToTalk: phrase = "push-to-talk on \(d.prefix)/listen"
        case .always: phrase = "always listening (grammar only)"
        }
        if d.recognizer == nil { phrase = "degraded: no speech model; " + phrase }
        d.status?.set("voice", phrase)
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

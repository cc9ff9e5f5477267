import Dispatch
import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// Hark as a Home Assistant satellite (`[wyoming] satellite = true`): the Home Assistant
/// connection that sent `run-satellite` gets, for each command after a local wake word (in the
/// same breath or the next utterance, as in `[wake] mode = "wake"`), `detection`, `run-pipeline`
/// and the command's audio; the TTS audio it sends back is played and answered with `played`.
/// When that connection closes, utterances go back to the standalone assistant (`standalone`).
///
/// The wake word spotter runs on the continuous capture (`frames`, called on the audio front
/// end's task before the utterance those frames end is handed on), since a wake word needs the
/// second of audio before it; it idles while no Home Assistant runs the satellite. Its models load
/// on a thread of their own when the service starts (the model store verifies its files).
public final class WyomingSatellite: WyomingSatelliteHost, Service, Sendable {
    private struct Link {
        var id: WyomingConnectionID
        var send: @Sendable (WyomingEvent) -> Void
    }

    private struct State {
        var session: WyomingSatelliteSession
        var link: Link?
        var tts: [Int16] = []
        var converter: PCMConverter?
    }

    private let state: Mutex<State>
    private let utterances: AsyncStream<Utterance>
    private let spotter = FrameSpotter()
    private let wakeModels: [String]
    private let makeSpotter: @Sendable ([String]) throws -> any WakeWordSpotter
    private let play: @Sendable ([Int16], Int, @escaping @Sendable () -> Void) -> Void
    private let standalone: (@Sendable (Utterance) -> Void)?
    private let logger: Logger

    /// - wakeModels, makeSpotter: the wake models to listen for (loaded when `run` starts; fed
    ///   only through `frames`).
    /// - listenTimeout, minCommand: the command window after the wake word (`[wake]
    ///   listen_timeout`, `[speech] min_command`), in seconds.
    /// - play: plays 16-bit mono PCM at a rate, then calls its completion (from any thread).
    public init(utterances: AsyncStream<Utterance>, wakeModels: [String],
                makeSpotter: @escaping @Sendable ([String]) throws -> any WakeWordSpotter, listenTimeout: Double, minCommand: Double,
                play: @escaping @Sendable ([Int16], Int, @escaping @Sendable () -> Void) -> Void,
                standalone: (@Sendable (Utterance) -> Void)?, logger: Logger) {
        self.utterances = utterances
        self.wakeModels = wakeModels
        self.makeSpotter = makeSpotter
        state = Mutex(State(session: WyomingSatelliteSession(listenTimeout: listenTimeout, minCommand: minCommand)))
        self.play = play
        self.standalone = standalone
        self.logger = logger
    }

    public var phase: WyomingSatelliteSession.Phase { state.withLock { $0.session.phase } }

    /// Captured 16 kHz mono frames ending at `end` seconds of the capture clock (front end task only).
    public func frames(_ samples: [Int16], end: Double) {
        let linked = state.withLock { $0.session.phase != .standalone }
        guard let heard = spotter.process(samples, linked: linked) else { return }
        let opened = state.withLock { $0.session.wake(model: heard.model, at: end) }
        if opened {
            logger.info("satellite: wake word heard", metadata: ["name": .string(heard.model), "at_s": .stringConvertible(end)])
        }
    }

    public func run() async throws {
        let make = makeSpotter, models = wakeModels, box = spotter, logger = logger
        let loaded = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            DispatchQueue(label: "hark-satellite-wake-load").async {
                do {
                    box.install(try make(models))
                    done.resume(returning: true)
                } catch {
                    logger.error("satellite: wake word models failed to load: \(error); no wake word will be heard",
                                 metadata: ["fix": "run `make models`"])
                    done.resume(returning: false)
                }
            }
        }
        if loaded { logger.info("satellite: listening for the wake word", metadata: ["models": .string(models.joined(separator: ","))]) }
        for await utterance in utterances.cancelOnGracefulShutdown() {
            let (actions, waiting) = state.withLock { s in (s.session.utterance(utterance), s.session.gate.window != nil) }
            if actions.isEmpty, waiting { logger.info("satellite: the wake phrase alone; waiting for the command") }
            perform(actions)
        }
    }

    // MARK: WyomingSatelliteHost

    public func attach(_ id: WyomingConnectionID, send: @escaping @Sendable (WyomingEvent) -> Void) {
        state.withLock { s in
            if s.link != nil { s.session.disconnected() }
            s.link = Link(id: id, send: send)
        }
        logger.info("satellite: Home Assistant connected")
    }

    public func receive(_ event: WyomingEvent, from id: WyomingConnectionID) {
        let actions = state.withLock { s -> [WyomingSatelliteSession.Action] in
            guard s.link?.id == id else { return [] }
            return s.session.received(event)
        }
        perform(actions)
    }

    public func detach(_ id: WyomingConnectionID) {
        let was = state.withLock { s -> Bool in
            guard s.link?.id == id else { return false }
            s.link = nil
            s.session.disconnected()
            return true
        }
        if was { logger.info("satellite: Home Assistant disconnected; going on standalone") }
    }

    // MARK: Actions

    private func perform(_ actions: [WyomingSatelliteSession.Action]) {
        for action in actions {
            switch action {
            case let .send(event):
                switch event.type {
                case "run-pipeline": logger.info("satellite: command sent to Home Assistant")
                case "played": logger.info("satellite: Home Assistant's answer played")
                default: break
                }
                state.withLock { $0.link?.send }?(event)
            case let .playStart(format):
                state.withLock { s in
                    s.converter = PCMConverter(input: format)
                    s.tts = []
                }
            case let .playChunk(bytes):
                state.withLock { s in
                    guard var c = s.converter else { return }
                    c.convert(bytes, into: &s.tts)
                    s.converter = c
                }
            case .playStop:
                let samples = state.withLock { s -> [Int16] in
                    defer { s.tts = []; s.converter = nil }
                    return s.tts
                }
                play(samples, 16_000) { [self] in perform(state.withLock { $0.session.played() }) }
            case let .standalone(utterance):
                standalone?(utterance)
            }
        }
    }
}

/// The satellite's spotter (installed once loaded) and whether it idled. `process` runs only on
/// the front end's task; the lock is contended only by the one `install`.
private final class FrameSpotter: Sendable {
    private struct Slot: @unchecked Sendable {
        var spotter: (any WakeWordSpotter)?
        var idle = true
    }

    private let slot = Mutex(Slot())

    func install(_ spotter: any WakeWordSpotter) { slot.withLock { $0.spotter = spotter } }

    /// The first detection in `samples`, if Home Assistant runs the satellite (`linked`).
    func process(_ samples: [Int16], linked: Bool) -> WakeDetection? {
        slot.withLock { s in
            guard let spotter = s.spotter else { return nil }
            guard linked else {
                s.idle = true
                return nil
            }
            if s.idle {
                spotter.reset()  // stale stream state from before the link
                s.idle = false
            }
            var heard: WakeDetection?
            samples.withUnsafeBufferPointer { spotter.process($0) { d in if heard == nil { heard = d } } }
            return heard
        }
    }
}

import Dispatch
import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// Hark as a Home Assistant satellite (`[wyoming] satellite = true`): the Home Assistant
/// connection that sent `run-satellite` gets, for each command after a local wake word (in the
/// same breath or the next utterance, as in `[wake] mode = "wake"`), `detection`, `run-pipeline`
/// and the command's audio; the TTS audio it sends back is played and answered with `played`. When that connection closes, utterances go back to the
/// standalone assistant (`standalone`). Wake detection runs on its own thread.
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
    private let wakeModels: [String]
    private let makeSpotter: @Sendable ([String]) throws -> any WakeWordSpotter
    private let play: @Sendable ([Int16], Int, @escaping @Sendable () -> Void) -> Void
    private let standalone: (@Sendable (Utterance) -> Void)?
    private let logger: Logger
    private let worker = DispatchQueue(label: "hark-satellite-wake")
    private let spotter = SpotterBox()

    /// - play: plays 16-bit mono PCM at a rate, then calls its completion (from any thread).
    /// - listenTimeout, minCommand: the command window after the wake word (`[wake]
    ///   listen_timeout`, `[speech] min_command`), in seconds.
    public init(utterances: AsyncStream<Utterance>, wakeModels: [String], listenTimeout: Double, minCommand: Double,
                makeSpotter: @escaping @Sendable ([String]) throws -> any WakeWordSpotter,
                play: @escaping @Sendable ([Int16], Int, @escaping @Sendable () -> Void) -> Void,
                standalone: (@Sendable (Utterance) -> Void)?, logger: Logger) {
        self.utterances = utterances
        state = Mutex(State(session: WyomingSatelliteSession(listenTimeout: listenTimeout, minCommand: minCommand)))
        self.wakeModels = wakeModels
        self.makeSpotter = makeSpotter
        self.play = play
        self.standalone = standalone
        self.logger = logger
    }

    public var phase: WyomingSatelliteSession.Phase { state.withLock { $0.session.phase } }

    public func run() async throws {
        for await utterance in utterances.cancelOnGracefulShutdown() {
            let wake = await detectWake(utterance)
            if let wake {
                logger.info("satellite: wake word heard", metadata: ["name": .string(wake.model), "seconds": .stringConvertible(wake.seconds)])
            }
            let actions = state.withLock { $0.session.utterance(utterance, wake: wake) }
            if wake != nil, actions.isEmpty, phase == .listening {
                logger.info("satellite: the wake phrase alone; waiting for the command")
            }
            perform(actions)
        }
    }

    /// The first wake detection in the utterance (spotter reset per utterance), off the cooperative pool.
    private func detectWake(_ utterance: Utterance) async -> WakeDetection? {
        let box = spotter, make = makeSpotter, models = wakeModels, logger = logger
        return await withCheckedContinuation { (done: CheckedContinuation<WakeDetection?, Never>) in
            worker.async {
                do {
                    if let s = box.spotter { s.reset() } else { box.spotter = try make(models) }
                } catch {
                    logger.warning("satellite: wake word model failed to load: \(error)")
                    done.resume(returning: nil)
                    return
                }
                var first: WakeDetection?
                utterance.samples.withUnsafeBufferPointer { samples in
                    box.spotter?.process(samples) { d in if first == nil { first = d } }
                }
                done.resume(returning: first)
            }
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

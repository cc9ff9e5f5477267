import HarkAudio
import HarkCore
import Synchronization

/// The listening mode at run time: owns the `ListeningGate` and the wake-word spotter. The audio
/// front end calls `frames` and `speech` on its task (the spotter runs there: it is cheap and
/// allocation-free per call), so every detection is in the gate before the utterance that
/// follows it is handed to the voice path. Window events go out on `events` (bounded; drops counted).
public final class ListeningController: Sendable {
    public enum Event: Sendable, Equatable {
        case detected(WakeDetection)
        case window(ListeningGate.Event)
    }

    public let events: AsyncStream<Event>
    private let eventsIn: AsyncStream<Event>.Continuation
    private let gate: Mutex<ListeningGate>
    private let spotter: SpotterBox?
    private let droppedEvent: @Sendable () -> Void

    public init(gate: ListeningGate, spotter: (any WakeWordSpotter)?, droppedEvent: @escaping @Sendable () -> Void = {}) {
        self.gate = Mutex(gate)
        self.spotter = spotter.map(SpotterBox.init)
        self.droppedEvent = droppedEvent
        (events, eventsIn) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
    }

    public var mode: ListeningGate.Mode { gate.withLock { $0.mode } }
    public var spotterModels: [String] { spotter?.models ?? [] }
    /// The window now open, if any.
    public var window: ListeningGate.Window? { gate.withLock { $0.window } }

    /// Captured frames (front end task): the spotter, then the audio clock.
    public func frames(_ f: CapturedFrames) {
        let end = Double(f.startFrame + f.samples.count) / 16_000
        if let spotter {
            spotter.process(f) { detection, sample in
                // Timed on the capture clock at the sample where the spotter's detecting frame
                // ends (not at the end of the run it came in: that would move with the period).
                let at = Double(sample) / 16_000
                let d = WakeDetection(model: detection.model, seconds: at, probability: detection.probability)
                emit(.detected(d))
                for e in gate.withLock({ $0.wake(model: d.model, at: at) }) { emit(.window(e)) }
            }
        }
        for e in gate.withLock({ $0.advance(to: end) }) { emit(.window(e)) }
    }

    /// Speech start/stop (front end task).
    public func speech(_ event: SpeechEvent) {
        gate.withLock { g in
            switch event {
            case let .started(at): g.speechStarted(at: at)
            case let .stopped(at): g.speechStopped(at: at)
            }
        }
    }

    /// A push-to-talk request (any task).
    public func pushToTalk() {
        for e in gate.withLock({ $0.pushToTalk() }) { emit(.window(e)) }
    }

    /// What to do with a finished utterance.
    public func decide(_ u: Utterance) -> ListeningGate.Decision {
        gate.withLock { $0.utterance(start: u.seconds(u.startSample), end: u.seconds(u.endSample)) }
    }

    public func finish() { eventsIn.finish() }

    private func emit(_ e: Event) {
        if case .dropped = eventsIn.yield(e) { droppedEvent() }
    }
}

/// The spotter is not Sendable (it keeps stream state); it is only ever used on the front end's task.
private final class SpotterBox: @unchecked Sendable {
    let spotter: any WakeWordSpotter
    let models: [String]
    /// Samples fed to the spotter (its own clock, which does not see capture gaps).
    private var fed = 0
    init(_ s: any WakeWordSpotter) {
        spotter = s
        models = s.models
    }

    /// Runs the spotter over `f`; each detection comes with its capture-clock sample.
    func process(_ f: CapturedFrames, onDetection: (WakeDetection, Int) -> Void) {
        let before = fed
        fed += f.samples.count
        f.samples.withUnsafeBufferPointer { buffer in
            spotter.process(buffer) { d in
                let own = Int((d.seconds * 16_000).rounded())
                let offset = min(max(own - before, 0), f.samples.count)
                onDetection(d, f.startFrame + offset)
            }
        }
    }
}

import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// Speech started/stopped, for later stages to publish. Times are seconds since capture began.
public enum SpeechEvent: Sendable, Equatable {
    case started(at: Double)
    case stopped(at: Double)
}

/// The voice front end as a service: capture thread → 512-sample VAD chunks → endpointing →
/// utterances and speech events on bounded streams (`.bufferingNewest`; drops counted).
/// While the device is gone it reports `audio degraded: …` in the daemon status and keeps
/// reopening; the rest of the daemon is unaffected.
public final class AudioFrontEnd: Service, Sendable {
    public struct Sinks: Sendable {
        public var setStatus: @Sendable (String) -> Void
        public var beat: @Sendable () -> Void
        public var droppedUtterance: @Sendable () -> Void
        public var droppedEvent: @Sendable () -> Void
        /// Where the capture counters are mirrored (nil: not mirrored).
        public var counters: Counters?
        /// Called on the front end's task with every captured run of frames, before voice activity
        /// detection (the wake-word spotter and the listening clock). Must be quick and never block.
        public var frames: (@Sendable (CapturedFrames) -> Void)?
        /// Called on the front end's task at each speech start/stop, in stream order with `frames`
        /// (before the utterance that follows a stop is yielded).
        public var speech: (@Sendable (SpeechEvent) -> Void)?
        /// Called on the front end's task with each finished utterance, in stream order with
        /// `frames` and `speech`, before it is yielded: the listening mode's decision travels with
        /// it (`Utterance.listening`), so it never depends on when a later stage reads it.
        public var decide: (@Sendable (Utterance) -> ListeningGate.Decision)?
        public init(setStatus: @escaping @Sendable (String) -> Void, beat: @escaping @Sendable () -> Void,
                    droppedUtterance: @escaping @Sendable () -> Void = {}, droppedEvent: @escaping @Sendable () -> Void = {},
                    counters: Counters? = nil, frames: (@Sendable (CapturedFrames) -> Void)? = nil,
                    speech: (@Sendable (SpeechEvent) -> Void)? = nil,
                    decide: (@Sendable (Utterance) -> ListeningGate.Decision)? = nil) {
            self.decide = decide
            self.counters = counters
            self.frames = frames
            self.speech = speech
            self.setStatus = setStatus
            self.beat = beat
            self.droppedUtterance = droppedUtterance
            self.droppedEvent = droppedEvent
        }
    }

    public let capture: AudioCapture
    public let utterances: AsyncStream<Utterance>
    public let speechEvents: AsyncStream<SpeechEvent>
    private let utteranceOut: AsyncStream<Utterance>.Continuation
    private let eventOut: AsyncStream<SpeechEvent>.Continuation
    private let endpointing: EndpointingSettings
    private let makeDetector: @Sendable () throws -> (any SpeechDetector)?
    private let sinks: Sinks
    private let logger: Logger

    /// `makeDetector` is called once on the service's task (nil: capture only, no segmentation).
    public init(capture options: CaptureOptions, endpointing: EndpointingSettings, logger: Logger, sinks: Sinks,
                makeDetector: @escaping @Sendable () throws -> (any SpeechDetector)?) {
        self.logger = logger
        self.sinks = sinks
        self.endpointing = endpointing
        self.makeDetector = makeDetector
        capture = AudioCapture(options: options, logger: logger, beat: sinks.beat, onState: { state in
            switch state {
            case .opening: break
            case .running: sinks.setStatus("capturing")
            case let .degraded(why): sinks.setStatus("degraded: \(why)")
            case .stopped: sinks.setStatus("stopped")
            }
        })
        (utterances, utteranceOut) = AsyncStream.makeStream(of: Utterance.self, bufferingPolicy: .bufferingNewest(8))
        (speechEvents, eventOut) = AsyncStream.makeStream(of: SpeechEvent.self, bufferingPolicy: .bufferingNewest(64))
    }

    public func run() async throws {
        var vad: ChunkedVAD?
        do {
            if let d = try makeDetector() {
                vad = ChunkedVAD(detector: d, latency: sinks.counters?.histogram("vad_chunk_duration_seconds"))
            }
        } catch {
            logger.error("audio: voice activity model unavailable; capturing without segmentation", metadata: ["error": .string("\(error)")])
            sinks.setStatus("degraded: no VAD model")
        }
        let segmenter = CaptureSegmenter(vad: vad, endpointing: endpointing)
        var mirror = sinks.counters.map(CaptureCounterMirror.init)
        let rate = Double(endpointing.sampleRate)
        let observe: (CapturedFrames) -> Void = { [sinks] f in sinks.frames?(f) }
        capture.start()
        defer {
            utteranceOut.finish()
            eventOut.finish()
        }
        await withTaskCancellationHandler {
            for await event in capture.events.cancelOnGracefulShutdown() {
                capture.consumed()
                mirror?.update(from: capture.counters)
                switch event {
                case let .gap(_, missed):
                    segmenter.reportedGap(missed: missed) { handle($0, rate: rate) }
                case let .frames(f):
                    let missing = segmenter.consume(f, observe: observe) { handle($0, rate: rate) }
                    if missing > 0 {
                        sinks.counters?.counter("audio_lost_frames").increment(by: missing)
                        logger.warning("audio: captured frames lost before the front end; treated as a gap", metadata: [
                            "at_s": .stringConvertible(Double(f.startFrame) / rate), "missed_frames": .stringConvertible(missing),
                            "fix": "the front end fell behind capture: raise [audio] queue_periods or lower the load"])
                    }
                }
            }
        } onCancel: { [capture] in
            capture.requestStop()
        }
        capture.requestStop()
        mirror?.update(from: capture.counters)
        segmenter.flush { handle($0, rate: rate) }
    }

    private func handle(_ actions: [SegmenterAction], rate: Double) {
        for action in actions {
            switch action {
            case let .speechStarted(at):
                logger.debug("speech started", metadata: ["at_s": .stringConvertible(Double(at) / rate)])
                sinks.speech?(.started(at: Double(at) / rate))
                if case .dropped = eventOut.yield(.started(at: Double(at) / rate)) { sinks.droppedEvent() }
            case let .speechStopped(at):
                sinks.speech?(.stopped(at: Double(at) / rate))
                if case .dropped = eventOut.yield(.stopped(at: Double(at) / rate)) { sinks.droppedEvent() }
            case var .utterance(u):
                u.listening = sinks.decide?(u)
                logger.info("utterance", metadata: [
                    "start_s": .stringConvertible(Double(u.startSample) / rate),
                    "end_s": .stringConvertible(Double(u.endSample) / rate),
                    "mean_vad": .stringConvertible(u.stats.meanProbability), "truncated": .stringConvertible(u.truncated),
                    "listening": .string(u.listening.map { "\($0)" } ?? "-")])
                if case .dropped = utteranceOut.yield(u) { sinks.droppedUtterance() }
            }
        }
    }
}

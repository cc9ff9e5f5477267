import Foundation
import Logging
import Synchronization

/// Where capture reads from and how.
public struct CaptureOptions: Sendable {
    public var device: String
    public var periodFrames: Int
    public var bufferFrames: Int
    /// Captured periods queued for the consumer. When full: with `backpressure` the capture thread
    /// waits for the consumer (a real device then overruns its own buffer, counted as an overrun
    /// and reported as a gap; a file source simply waits, so nothing is lost); without it the
    /// oldest periods are dropped (and counted).
    public var queuePeriods: Int
    /// Wait for the consumer instead of dropping when the queue is full. The consumer must call
    /// ``AudioCapture/consumed()`` for every event it takes.
    public var backpressure: Bool = false
    public var reopenMin: Duration
    public var reopenMax: Duration
    /// ALSA configuration text merged over the system's for this device (tests, custom pipelines).
    public var extraConfig: String?
    /// Stop after this many frames (the `file` plugin's infile never ends); nil = run until stopped.
    public var frameLimit: Int?

    public init(device: String, periodFrames: Int = 512, bufferFrames: Int = 4096, queuePeriods: Int = 64,
                reopenMin: Duration = .milliseconds(250), reopenMax: Duration = .seconds(5),
                extraConfig: String? = nil, frameLimit: Int? = nil) {
        self.device = device
        self.periodFrames = periodFrames
        self.bufferFrames = bufferFrames
        self.queuePeriods = queuePeriods
        self.reopenMin = reopenMin
        self.reopenMax = reopenMax
        self.extraConfig = extraConfig
        self.frameLimit = frameLimit
    }
}

/// A run of captured 16 kHz mono samples. `startFrame` counts frames since capture began,
/// including frames lost in gaps, so positions stay on the wall clock's scale.
public struct CapturedFrames: Sendable {
    public var samples: [Int16]
    public var startFrame: Int
    public init(samples: [Int16], startFrame: Int) {
        self.samples = samples
        self.startFrame = startFrame
    }
}

/// What the capture thread hands over, in order.
public enum CaptureEvent: Sendable {
    case frames(CapturedFrames)
    /// The device came back after being gone; `missedFrames` of audio were not captured.
    case gap(duration: Duration, missedFrames: Int)
}

/// Capture health, reported outside the (lossy) frame stream.
public enum CaptureState: Sendable, Equatable {
    case opening
    case running(periodFrames: Int, bufferFrames: Int)
    /// Not capturing; reopening with backoff. The text says why.
    case degraded(String)
    case stopped
}

/// Counters kept by the capture thread.
public final class CaptureCounters: Sendable {
    public let overruns = Atomic<Int>(0)
    public let suspends = Atomic<Int>(0)
    public let droppedPeriods = Atomic<Int>(0)
    public let droppedFrames = Atomic<Int>(0)
    /// Times the capture thread waited for the consumer (backpressure).
    public let waits = Atomic<Int>(0)
    public let reopens = Atomic<Int>(0)
    public let capturedFrames = Atomic<Int>(0)
    public init() {}
}

/// A dedicated thread doing blocking `snd_pcm_readi` into a preallocated period buffer; each
/// period is handed to the pipeline through a bounded `AsyncStream` (`.bufferingNewest(queuePeriods)`:
/// when the consumer falls behind the oldest periods are dropped and counted). Xruns and suspends
/// are recovered in place; a device that goes away is closed and reopened with exponential
/// backoff until it returns, and the gap is reported. `beat` is called on every loop turn,
/// including while waiting to reopen.
public final class AudioCapture: Sendable {
    public let options: CaptureOptions
    public let events: AsyncStream<CaptureEvent>
    public let counters = CaptureCounters()
    private let continuation: AsyncStream<CaptureEvent>.Continuation
    private let logger: Logger
    private let beat: @Sendable () -> Void
    private let onState: @Sendable (CaptureState) -> Void
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    /// Events yielded and not yet taken (backpressure only).
    private let queued = Atomic<Int>(0)

    public init(options: CaptureOptions, logger: Logger, beat: @escaping @Sendable () -> Void = {},
                onState: @escaping @Sendable (CaptureState) -> Void = { _ in }) {
        self.options = options
        self.logger = logger
        self.beat = beat
        self.onState = onState
        (events, continuation) = AsyncStream.makeStream(of: CaptureEvent.self, bufferingPolicy: .bufferingNewest(options.queuePeriods))
    }

    /// Starts the capture thread.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "hark-audio-capture"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The consumer took one event off `events` (needed with `backpressure`).
    public func consumed() {
        if options.backpressure { queued.subtract(1, ordering: .relaxed) }
    }

    /// Asks the thread to stop without waiting (it notices within one period or backoff step).
    public func requestStop() { stopping.store(true, ordering: .relaxed) }

    /// Asks the thread to stop and waits until it has.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        let alreadyDone = finished.withLock { $0 }
        if !alreadyDone { done.wait(); done.signal() }
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    private func run() {
        defer {
            onState(.stopped)
            continuation.finish()
            finished.withLock { $0 = true }
            done.signal()
        }
        var position = 0
        var lostAt: ContinuousClock.Instant?
        var backoff = options.reopenMin
        let buffer = UnsafeMutablePointer<Int16>.allocate(capacity: max(options.periodFrames, 16384))
        defer { buffer.deallocate() }
        while !isStopping {
            beat()
            if let limit = options.frameLimit, position >= limit { return }
            onState(.opening)
            let pcm: ALSAPCM
            do {
                pcm = try ALSAPCM(device: options.device, direction: .capture, periodFrames: options.periodFrames,
                                  bufferFrames: options.bufferFrames, extraConfig: options.extraConfig)
            } catch {
                let firstFailure = lostAt == nil || backoff == options.reopenMin
                if lostAt == nil { lostAt = .now }
                logger.log(level: firstFailure ? .error : .debug, "audio capture cannot open device", metadata: [
                    "device": .string(options.device), "error": .string(error.description), "retry_in": .string("\(backoff)")])
                onState(.degraded(Self.phrase(error)))
                sleepBeating(backoff)
                backoff = min(backoff * 2, options.reopenMax)
                continue
            }
            backoff = options.reopenMin
            if let lost = lostAt {
                let gap = ContinuousClock.now - lost
                let missed = Int(Double(gap.components.seconds) * 16_000 + Double(gap.components.attoseconds) * 16_000 / 1e18)
                counters.reopens.add(1, ordering: .relaxed)
                position += missed
                logger.notice("audio capture resumed", metadata: [
                    "device": .string(options.device), "gap": .string("\(gap)"), "missed_frames": .stringConvertible(missed)])
                if options.backpressure { queued.add(1, ordering: .relaxed) }
                continuation.yield(.gap(duration: gap, missedFrames: missed))
                lostAt = nil
            }
            logger.info("audio capture running", metadata: [
                "device": .string(options.device), "period_frames": .stringConvertible(pcm.periodFrames),
                "buffer_frames": .stringConvertible(pcm.bufferFrames)])
            onState(.running(periodFrames: pcm.periodFrames, bufferFrames: pcm.bufferFrames))
            let period = min(pcm.periodFrames, 16384)
            while !isStopping {
                beat()
                var want = period
                if let limit = options.frameLimit {
                    want = min(want, limit - position)
                    if want <= 0 { return }
                }
                if options.backpressure, queued.load(ordering: .relaxed) >= options.queuePeriods {
                    // The consumer is a full queue behind: wait for it rather than drop what it has
                    // not heard yet. A real device keeps capturing meanwhile and overruns (counted).
                    counters.waits.add(1, ordering: .relaxed)
                    while !isStopping, queued.load(ordering: .relaxed) >= options.queuePeriods {
                        beat()
                        Thread.sleep(forTimeInterval: 0.002)
                    }
                    continue
                }
                do {
                    let n = try pcm.read(into: buffer, frames: want)
                    let chunk = CapturedFrames(samples: Array(UnsafeBufferPointer(start: buffer, count: n)), startFrame: position)
                    position += n
                    counters.capturedFrames.add(n, ordering: .relaxed)
                    if options.backpressure { queued.add(1, ordering: .relaxed) }
                    if case let .dropped(old) = continuation.yield(.frames(chunk)) {
                        counters.droppedPeriods.add(1, ordering: .relaxed)
                        if case let .frames(f) = old { counters.droppedFrames.add(f.samples.count, ordering: .relaxed) }
                    }
                } catch {
                    if error.kind == .xrun || error.kind == .suspended {
                        if error.kind == .xrun { counters.overruns.add(1, ordering: .relaxed) } else { counters.suspends.add(1, ordering: .relaxed) }
                        logger.warning("audio capture recovering in place", metadata: [
                            "device": .string(options.device), "error": .string(error.description)])
                        do { try pcm.recover(from: error); continue } catch {
                            logger.error("audio capture recovery failed", metadata: ["error": .string(error.description)])
                        }
                    }
                    // Anything else: the device is gone or broken; close and reopen.
                    logger.error("audio capture lost the device", metadata: [
                        "device": .string(options.device), "error": .string(error.description)])
                    onState(.degraded(Self.phrase(error)))
                    lostAt = .now
                    pcm.close()
                    sleepBeating(backoff)
                    break
                }
            }
            pcm.close()
        }
    }

    /// Sleeps `d` in short steps, beating and watching for stop.
    private func sleepBeating(_ d: Duration) {
        let end = ContinuousClock.now + d
        while !isStopping && ContinuousClock.now < end {
            beat()
            let left = end - ContinuousClock.now
            Thread.sleep(forTimeInterval: min(0.05, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18))
        }
    }

    static func phrase(_ e: ALSAError) -> String {
        switch e.kind {
        case .busy: "device busy (\(e.device))"
        case .unknownDevice: "no device \(e.device)"
        case .gone: "device gone (\(e.device))"
        case .unsupportedFormat: "format refused (\(e.device))"
        default: "\(e.function): \(e.reason)"
        }
    }
}

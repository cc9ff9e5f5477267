import Foundation
import HarkCore
import Logging
import Synchronization

/// What to play.
public enum PlaybackRequest: Sendable, Equatable {
    case chime(Chime)
    case speak(String)
    /// 16-bit mono PCM at `rate` (e.g. a Wyoming satellite's TTS audio); `done` runs after it
    /// has been played out (or failed to play).
    case pcm([Int16], rate: Int, done: PlaybackCompletion)
}

extension PlaybackRequest {
    /// For logs (never the samples).
    public var summary: String {
        switch self {
        case let .chime(c): "chime \(c)"
        case let .speak(text): "speak \(text.count) characters"
        case let .pcm(samples, rate, _): "pcm \(samples.count) samples at \(rate) Hz"
        }
    }
}

/// Runs once a `.pcm` request has been played (compared by identity).
public final class PlaybackCompletion: Sendable, Equatable {
    private let action: @Sendable () -> Void
    public init(_ action: @escaping @Sendable () -> Void) { self.action = action }
    func callAsFunction() { action() }
    public static func == (a: PlaybackCompletion, b: PlaybackCompletion) -> Bool { a === b }
}

/// Plays chimes and synthesized speech on `[audio] output_device` from its own thread, so
/// capture never waits on it. Requests wait in a bounded queue (8 entries; under a flood the
/// oldest are dropped and counted). Every failure (no device, busy, TTS missing) is
/// logged and counted, never fatal; the device is opened per request and closed after draining
/// so a mic-and-speaker USB device is not held.
public final class AudioPlayback: Sendable {
    public struct Options: Sendable {
        public var device: String
        public var chimeVolume: Double
        public var ttsCommand: [String]
        public var extraConfig: String?
        public init(device: String, chimeVolume: Double = 0.3, ttsCommand: [String] = ["espeak-ng", "--stdout"],
                    extraConfig: String? = nil) {
            self.device = device
            self.chimeVolume = chimeVolume
            self.ttsCommand = ttsCommand
            self.extraConfig = extraConfig
        }
    }

    public let options: Options
    public let failures = Atomic<Int>(0)
    public let dropped = Atomic<Int>(0)
    public let played = Atomic<Int>(0)
    private let queue = BlockingQueue<PlaybackRequest>(capacity: 8)
    private let logger: Logger
    private let finished = DispatchSemaphore(value: 0)

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
        let thread = Thread { [self] in
            while let r = queue.pop() { play(r) }
            finished.signal()
        }
        thread.name = "hark-audio-playback"
        thread.start()
    }

    /// Queues a request (never blocks).
    public func enqueue(_ r: PlaybackRequest) {
        if queue.push(r) { dropped.add(1, ordering: .relaxed) }
    }

    /// Stops taking requests, plays what is queued, and waits for the thread.
    public func finish() {
        queue.close()
        finished.wait()
        finished.signal()
    }

    func play(_ r: PlaybackRequest) {
        if case let .pcm(_, _, done) = r { defer { done() } ; playLogged(r); return }
        playLogged(r)
    }

    private func playLogged(_ r: PlaybackRequest) {
        do {
            switch r {
            case let .chime(c):
                try write(c.samples(volume: options.chimeVolume), rate: 16_000)
            case let .speak(text):
                let (samples, rate) = try synthesize(text)
                try write(samples, rate: rate)
            case let .pcm(samples, rate, _):
                try write(samples, rate: rate)
            }
            played.add(1, ordering: .relaxed)
        } catch {
            failures.add(1, ordering: .relaxed)
            logger.warning("audio playback failed", metadata: [
                "device": .string(options.device), "request": .string(r.summary), "error": .string("\(error)")])
        }
    }

    private func write(_ samples: [Int16], rate: Int) throws {
        let pcm = try ALSAPCM(device: options.device, direction: .playback, rate: UInt32(rate), periodFrames: 512,
                              bufferFrames: 4096, extraConfig: options.extraConfig)
        defer { pcm.close() }
        try samples.withUnsafeBufferPointer { try pcm.write($0.baseAddress!, frames: $0.count) }
        pcm.drain()
    }

    func synthesize(_ text: String) throws -> ([Int16], Int) {
        try TextToSpeech.synthesize(text, command: options.ttsCommand)
    }

    public enum PlaybackError: Error, CustomStringConvertible {
        case tts(String)
        case wav(String)
        public var description: String {
            switch self {
            case let .tts(s): "speech synthesis failed: \(s)"
            case let .wav(s): "speech synthesis output is not usable WAV: \(s)"
            }
        }
    }
}

/// A bounded blocking FIFO feeding the playback thread; a push into a full queue drops the oldest.
final class BlockingQueue<T: Sendable>: @unchecked Sendable {
    private let cond = NSCondition()
    private var items: [T] = []
    private var closed = false
    private let capacity: Int
    init(capacity: Int) { self.capacity = capacity }
    /// Returns true when an old entry was dropped to make room.
    func push(_ x: T) -> Bool {
        cond.lock(); defer { cond.unlock() }
        guard !closed else { return true }
        var dropped = false
        if items.count >= capacity { items.removeFirst(); dropped = true }
        items.append(x)
        cond.signal()
        return dropped
    }
    func close() { cond.lock(); closed = true; cond.broadcast(); cond.unlock() }
    func pop() -> T? {
        cond.lock(); defer { cond.unlock() }
        while items.isEmpty && !closed { cond.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }
}

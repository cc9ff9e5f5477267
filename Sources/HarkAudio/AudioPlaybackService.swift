import Logging
import ServiceLifecycle

/// `AudioPlayback` in the daemon's service group: later stages call `enqueue` (chimes, spoken
/// replies; never blocks); on graceful shutdown it stops taking requests, plays what is queued
/// and joins its thread. Failures stay inside the playback (logged and counted), so this service
/// never ends the daemon.
public final class AudioPlaybackService: Service, Sendable {
    public let playback: AudioPlayback
    /// `[audio] chimes`: when false, chime requests are ignored (spoken replies still play).
    public let chimes: Bool

    public init(options: AudioPlayback.Options, chimes: Bool = true, logger: Logger) {
        playback = AudioPlayback(options: options, logger: logger)
        self.chimes = chimes
    }

    public func enqueue(_ request: PlaybackRequest) {
        if case .chime = request, !chimes { return }
        playback.enqueue(request)
    }

    public func run() async throws {
        // Wait for shutdown without polling: a stream that ends on graceful shutdown or cancellation.
        let (never, _) = AsyncStream.makeStream(of: Never.self)
        for await _ in never.cancelOnGracefulShutdown() {}
        playback.finish()
    }
}

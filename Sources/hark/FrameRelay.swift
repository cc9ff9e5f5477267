import HarkAudio
import Synchronization

/// Hands the audio front end's captured frames to a consumer made after the front end (the
/// Wyoming satellite's wake word spotter). Called on the front end's task; without a target it
/// does nothing.
final class FrameRelay: Sendable {
    private let target = Mutex<(@Sendable ([Int16], Double) -> Void)?>(nil)

    /// `consume(samples, end)`: 16 kHz mono frames ending at `end` seconds of the capture clock.
    func connect(_ consume: @escaping @Sendable ([Int16], Double) -> Void) { target.withLock { $0 = consume } }

    func forward(_ f: CapturedFrames) {
        guard let consume = target.withLock({ $0 }) else { return }
        consume(f.samples, Double(f.startFrame + f.samples.count) / 16_000)
    }
}

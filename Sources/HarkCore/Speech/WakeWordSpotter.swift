/// A wake phrase heard in the audio stream.
public struct WakeDetection: Sendable, Equatable {
    /// The wake model's name (`okay_nabu`, `hey_jarvis`, …).
    public var model: String
    /// Seconds of audio fed since the stream began (or since the last `reset()`) at the detection.
    public var seconds: Double
    /// The mean probability that reached the model's cutoff.
    public var probability: Double

    public init(model: String, seconds: Double, probability: Double) {
        self.model = model
        self.seconds = seconds
        self.probability = probability
    }
}

/// Streaming wake-word detection over one or more models.
public protocol WakeWordSpotter: AnyObject {
    /// The names of the models it runs.
    var models: [String] { get }
    /// Feeds 16 kHz mono samples of any count, in stream order; calls `onDetection` for every
    /// detection they complete. No allocation per call once constructed.
    func process(_ samples: UnsafeBufferPointer<Int16>, onDetection: (WakeDetection) -> Void)
    /// Forgets the stream (feature and model state, refractory period, time origin).
    func reset()
}

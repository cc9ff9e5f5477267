import HarkCore
/// A voice activity model fed exactly 512 float samples (16 kHz, 32 ms) at a time.
/// (Silero VAD from HarkModels conforms; tests may use a scripted one.)
public protocol SpeechDetector: AnyObject {
    /// Speech probability of the chunk (`chunk.count == 512`, samples in −1…1).
    func probability(_ chunk: UnsafeBufferPointer<Float>) -> Float
    /// Forgets stream state (after a gap or between files).
    func reset()
}

/// Cuts any run of PCM into 512-sample float chunks for a ``SpeechDetector`` and feeds the
/// segmenter; the float buffer is allocated once.
public struct ChunkedVAD {
    public static let chunk = 512
    private var pending: [Int16] = []
    private var floats: [Float] = Array(repeating: 0, count: ChunkedVAD.chunk)
    public let detector: any SpeechDetector
    /// Where the model's time per chunk is recorded (nil: not recorded).
    public let latency: Histogram?

    public init(detector: any SpeechDetector, latency: Histogram? = nil) {
        self.detector = detector
        self.latency = latency
        pending.reserveCapacity(4 * Self.chunk)
    }

    /// Samples waiting for their chunk to fill.
    public var pendingCount: Int { pending.count }

    /// Appends `samples` and calls `body(chunk, probability)` for every complete chunk.
    public mutating func feed<C: Collection<Int16>>(_ samples: C, _ body: (ArraySlice<Int16>, Float) -> Void) {
        pending.append(contentsOf: samples)
        var start = 0
        while pending.count - start >= Self.chunk {
            let slice = pending[start..<(start + Self.chunk)]
            for (i, s) in slice.enumerated() { floats[i] = Float(s) / 32768 }
            let started = ContinuousClock.now
            let p = floats.withUnsafeBufferPointer { detector.probability($0) }
            latency?.observe(ContinuousClock.now - started)
            body(slice, p)
            start += Self.chunk
        }
        if start > 0 { pending.removeFirst(start) }
    }

    /// Drops a partial chunk and the model's state (after a gap).
    public mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        detector.reset()
    }
}

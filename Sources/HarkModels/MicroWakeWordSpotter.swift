import Foundation
import HarkCore
import HarkInference

/// microWakeWord on Hark's engine: one integer front end shared by any number of models, each with
/// its own streaming state. Per model, every step's probability goes into a sliding window; when the
/// window is full and its mean is above the model's cutoff (strictly, as pymicro-wakeword decides),
/// that is a detection, the window is cleared and the model stays quiet for the refractory period.
///
/// Everything is allocated in `init`; `process` allocates nothing. One instance per audio stream,
/// used from one thread.
public final class MicroWakeWordSpotter: WakeWordSpotter {
    /// One model's detector state.
    final class Detector {
        let stream: MicroWakeWordStream
        /// Detection when the window mean is strictly above this (the model's own cutoff unless overridden).
        let cutoff: Double
        let window: UnsafeMutablePointer<Int>   // quantised outputs, ring of slidingWindowSize
        var filled = 0
        var next = 0
        var sum = 0
        /// Feature frame index before which detections are suppressed.
        var quietUntilFrame = 0

        init(model: MicroWakeWordModel, cutoff: Double) {
            stream = MicroWakeWordStream(model: model)
            self.cutoff = cutoff
            window = .allocate(capacity: model.slidingWindowSize)
            window.initialize(repeating: 0, count: model.slidingWindowSize)
        }

        deinit { window.deallocate() }

        func clearWindow() {
            filled = 0
            next = 0
            sum = 0
        }
    }

    public let models: [String]
    public let refractorySeconds: Double
    private let frontend = MicroFrontend()
    private let detectors: [Detector]
    private var frames = 0

    /// Per-step observer for tools and tests: model index, quantised output, window mean (nil until
    /// the window is full).
    public var onStep: ((Int, Int, Double?) -> Void)?

    /// - Parameters:
    ///   - models: the wake models to run together.
    ///   - refractorySeconds: after a detection, that model stays quiet this long (and its window
    ///     starts empty), so one utterance gives one detection.
    ///   - cutoffs: per model name, a cutoff replacing the model's `probabilityCutoff`.
    public init(models: [MicroWakeWordModel], refractorySeconds: Double = 2.0, cutoffs: [String: Double] = [:]) {
        precondition(!models.isEmpty, "MicroWakeWordSpotter needs at least one model")
        self.models = models.map(\.name)
        self.refractorySeconds = refractorySeconds
        detectors = models.map { Detector(model: $0, cutoff: cutoffs[$0.name] ?? $0.probabilityCutoff) }
    }

    /// Opens the installed models by name (`okay_nabu`, …): `wake_<name>.safetensors` in the store.
    public convenience init(store: ModelStore, names: [String], refractorySeconds: Double = 2.0,
                            cutoffs: [String: Double] = [:]) throws {
        let models = try names.map { try Self.model(store: store, name: $0) }
        self.init(models: models, refractorySeconds: refractorySeconds, cutoffs: cutoffs)
    }

    /// The cutoff each model detects at, by name (its own or the override).
    public var cutoffs: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(models, detectors.map(\.cutoff)))
    }

    /// The shared immutable model `name` of `store`.
    public static func model(store: ModelStore, name: String) throws -> MicroWakeWordModel {
        let file = "wake_\(name).safetensors"
        guard store.files[file] != nil else {
            let known = installedModels(store: store)
            throw ModelFileError(file: store.url(file).path,
                                 problem: "no wake model '\(name)' installed (installed: \(known.isEmpty ? "none" : known.joined(separator: ", "))); run make models")
        }
        return try store.shared("microwakeword.\(name)") { try MicroWakeWordModel(file: store.safetensors(file)) }
    }

    /// Names of the wake models in the store's manifest.
    public static func installedModels(store: ModelStore) -> [String] {
        store.files.keys.filter { $0.hasPrefix("wake_") && $0.hasSuffix(".safetensors") }
            .map { String($0.dropFirst(5).dropLast(12)) }.sorted()
    }

    public func reset() {
        frontend.reset()
        for d in detectors {
            d.stream.reset()
            d.clearWindow()
            d.quietUntilFrame = 0
        }
        frames = 0
    }

    public func process(_ samples: UnsafeBufferPointer<Int16>, onDetection: (WakeDetection) -> Void) {
        frontend.process(samples) { frame in
            let frameIndex = frames
            frames += 1
            for (index, d) in detectors.enumerated() {
                guard let q = d.stream.push(frame) else { continue }
                let model = d.stream.model
                let n = model.slidingWindowSize
                if d.filled == n { d.sum -= d.window[d.next] } else { d.filled += 1 }
                d.window[d.next] = q
                d.sum += q
                d.next = (d.next + 1) % n
                var mean: Double?
                if d.filled == n {
                    // Correctly rounded mean of the dequantised values, as statistics.mean gives.
                    let zeroSum = d.sum - n * model.outputZeroPoint
                    mean = Double(zeroSum) / (Double(n) / model.outputScale)
                }
                onStep?(index, q, mean)
                if let mean, mean > d.cutoff, frameIndex >= d.quietUntilFrame {
                    // The frame ends 30 ms + 10 ms × index into the stream.
                    let seconds = Double(MicroFrontend.windowSamples + frameIndex * MicroFrontend.stepSamples)
                        / Double(MicroFrontend.sampleRate)
                    onDetection(WakeDetection(model: model.name, seconds: seconds, probability: mean))
                    d.clearWindow()
                    d.quietUntilFrame = frameIndex + Int((refractorySeconds * 100).rounded())
                }
            }
        }
    }
}

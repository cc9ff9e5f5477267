import Foundation

/// One audio stream through a `MicroWakeWordModel`: the stream-state variables (the ring of past
/// activations each streaming layer keeps between calls) and the scratch arena, allocated once.
/// Feed it front-end frames; every `framesPerStep` frames it runs one inference step and returns the
/// quantised output. Not thread-safe: one stream per thread.
public final class MicroWakeWordStream: @unchecked Sendable {
    public let model: MicroWakeWordModel
    private let arena: UnsafeMutablePointer<Int8>
    private let variables: UnsafeMutablePointer<Int8>
    private var framesBuffered = 0

    public init(model: MicroWakeWordModel) {
        self.model = model
        arena = .allocate(capacity: max(model.arenaBytes, 16))
        arena.initialize(repeating: 0, count: max(model.arenaBytes, 16))
        variables = .allocate(capacity: max(model.variableBytes, 16))
        variables.initialize(repeating: 0, count: max(model.variableBytes, 16))
        reset()
    }

    deinit {
        arena.deallocate()
        variables.deallocate()
    }

    /// Back to the model's initial state (what the TFLite interpreter's CALL_ONCE assigns).
    public func reset() {
        for (offset, initial) in zip(model.variableOffsets, model.variableInit) {
            UnsafeMutableRawPointer(variables + offset).copyMemory(from: initial.baseAddress!, byteCount: initial.count)
        }
        framesBuffered = 0
    }

    /// pymicro-wakeword's input quantisation, `round(feature / scale + zero_point)` in double with
    /// ties to even, where feature = value × 0.0390625. Saturates to int8 (the Python reference wraps
    /// around, which only differs for features above ~660, far beyond real audio).
    @inline(__always) func quantize(_ value: UInt16) -> Int8 {
        let feature = Double(Float(value) * MicroFrontend.featureScale)
        let q = (feature / model.inputScale + Double(model.inputZeroPoint)).rounded(.toNearestOrEven)
        return Int8(max(-128, min(127, q)))
    }

    /// Adds one 10 ms frame (`featureCount` values). Returns the step's quantised output (0…255 for
    /// the uint8 output; probability = (q − zero point) × scale) when the frame completes a step.
    public func push(_ frame: UnsafeBufferPointer<UInt16>) -> Int? {
        let n = model.featureCount
        precondition(frame.count == n, "MicroWakeWordStream: frame of \(frame.count) values, model wants \(n)")
        let dst = arena + model.inputOffset + framesBuffered * n
        for i in 0..<n { dst[i] = quantize(frame[i]) }
        framesBuffered += 1
        guard framesBuffered == model.framesPerStep else { return nil }
        framesBuffered = 0
        for kernel in model.kernels { kernel.run(arena, variables) }
        return Int(UInt8(bitPattern: arena[model.outputOffset]))
    }

    /// The probability of a quantised output.
    public func probability(_ q: Int) -> Double {
        Double(q - model.outputZeroPoint) * model.outputScale
    }
}

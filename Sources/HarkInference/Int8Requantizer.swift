import Foundation

/// TensorFlow Lite's integer requantisation: a real multiplier (input scale × filter scale /
/// output scale, in double) as a Q31 significand and a power-of-two exponent (`QuantizeMultiplier`),
/// applied to an int32 accumulator in 64-bit integers with one rounding
/// (`(acc × m + 2^(30 − shift)) >> (31 − shift)`), which is what the interpreter's kernels compute.
public struct Int8Requantizer: Sendable, Equatable {
    public var multiplier: Int32
    public var shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// `QuantizeMultiplier(double)`: frexp, round half away from zero to Q31.
    public init(_ real: Double) {
        if real == 0 {
            self.init(multiplier: 0, shift: 0)
            return
        }
        let fr = frexp(real)
        var q = Int64((fr.0 * Double(Int64(1) << 31)).rounded(.toNearestOrAwayFromZero))
        var shift = Int32(fr.1)
        if q == Int64(1) << 31 {
            q /= 2
            shift += 1
        }
        if shift < -31 {
            shift = 0
            q = 0
        }
        self.init(multiplier: Int32(q), shift: shift)
    }

    /// `MultiplyByQuantizedMultiplier` (single rounding, 64-bit).
    @inline(__always) public func apply(_ x: Int32) -> Int32 {
        if multiplier == 0 { return 0 }
        let totalShift = Int64(31 - shift)
        let round = Int64(1) << (totalShift - 1)
        let result = (Int64(x) * Int64(multiplier) + round) >> totalShift
        return Int32(clamping: result)
    }
}

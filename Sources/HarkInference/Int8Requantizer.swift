import Foundation

/// TensorFlow Lite's integer requantisation: a real multiplier (input scale × filter scale /
/// output scale, in double) as a Q31 significand and a power-of-two exponent (`QuantizeMultiplier`),
/// applied to an int32 accumulator with gemmlowp's fixed-point arithmetic. The interpreter's builtin
/// x86 kernels (what pymicro-wakeword runs; measured against ai-edge-litert without delegates) round
/// convolutions and fully connected layers "away from zero" (`apply`) and depthwise convolutions
/// "upward" (`applyUpward`, the optimised depthwise kernel's `DepthwiseConvRound<kUpward>`). The
/// XNNPACK delegate rounds differently and is not what the reference uses.
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

    /// `MultiplyByQuantizedMultiplier` as TensorFlow Lite builds it by default (gemmlowp's double
    /// rounding): a saturating rounding doubling high multiply, then a rounding right shift.
    @inline(__always) public func apply(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        return Self.roundingDivideByPOT(Self.doublingHighMul(x &* (1 << left), multiplier), right)
    }

    /// The depthwise kernel's variant: the same high multiply, then add half and shift (ties upward).
    @inline(__always) public func applyUpward(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        let high = Self.doublingHighMul(x &* (1 << left), multiplier)
        let offset: Int32 = right > 0 ? 1 << (right - 1) : 0
        return (high &+ offset) >> right
    }

    @inline(__always) static func doublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == Int32.min && b == Int32.min { return Int32.max }
        let ab = Int64(a) * Int64(b)
        let nudge: Int64 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
        return Int32(truncatingIfNeeded: (ab + nudge) / (Int64(1) << 31))
    }

    @inline(__always) static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = (Int32(1) << exponent) &- 1
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }
}

import Foundation

/// The 16-bit fixed-point real FFT microWakeWord's front end is trained with (TensorFlow Lite Micro's
/// microfrontend runs KISS FFT built with `FIXED_POINT=16`): a complex FFT of half the length over
/// the even/odd samples packed as real/imaginary, radix-4 butterflies that scale every stage down
/// (so the output is the spectrum divided by the length), Q15 twiddles, rounding `(x + 2^14) >> 15`,
/// and int16 wrap-around wherever the C code stores an `int` into a `short`. Every step is integer:
/// the result is value-for-value what the C library computes.
///
/// Only power-of-4 half lengths are supported (512 points: 256 = 4^4), which is what the front end
/// uses. Buffers are allocated once; `transform` allocates nothing.
public final class FixedPointRealFFT: @unchecked Sendable {
    public let size: Int
    private let half: Int
    private let twiddles: UnsafeMutablePointer<Int16>       // [half][2] (re, im), Q15
    private let superTwiddles: UnsafeMutablePointer<Int16>  // [half / 2][2]
    private let work: UnsafeMutablePointer<Int16>           // [half][2] complex FFT output
    private let stages: [(radix: Int, length: Int)]

    /// - Parameter size: real input length, 2 × a power of 4 (e.g. 512).
    public init(size: Int) {
        precondition(size >= 8 && size % 2 == 0, "FixedPointRealFFT: size \(size) must be even")
        let half = size / 2
        var n = half
        var stages: [(Int, Int)] = []
        while n > 1 {
            precondition(n % 4 == 0, "FixedPointRealFFT: half size \(half) must be a power of 4")
            n /= 4
            stages.append((4, n))
        }
        self.size = size
        self.half = half
        self.stages = stages
        twiddles = .allocate(capacity: half * 2)
        superTwiddles = .allocate(capacity: half)
        work = .allocate(capacity: half * 2)
        let pi = 3.141592653589793238462643383279502884197169399375105820974944
        for i in 0..<half {
            let phase = -2 * pi * Double(i) / Double(half)
            twiddles[2 * i] = Self.q15(LibM.cos(phase))
            twiddles[2 * i + 1] = Self.q15(LibM.sin(phase))
        }
        for i in 0..<(half / 2) {
            let phase = -3.14159265358979323846264338327 * (Double(i + 1) / Double(half) + 0.5)
            superTwiddles[2 * i] = Self.q15(LibM.cos(phase))
            superTwiddles[2 * i + 1] = Self.q15(LibM.sin(phase))
        }
    }

    deinit {
        twiddles.deallocate()
        superTwiddles.deallocate()
        work.deallocate()
    }

    private static func q15(_ v: Double) -> Int16 {
        Int16(truncatingIfNeeded: Int(floor(0.5 + 32767 * v)))
    }

    // MARK: Q15 arithmetic as KISS FFT's macros do it.

    @inline(__always) private static func sround(_ x: Int32) -> Int16 {
        Int16(truncatingIfNeeded: (x &+ (1 << 14)) >> 15)
    }

    /// `x = sround(x * (32767 / k))`.
    @inline(__always) private static func fixdiv(_ x: Int16, _ k: Int32) -> Int16 {
        sround(Int32(x) &* (32767 / k))
    }

    @inline(__always) private static func wrap(_ x: Int32) -> Int16 { Int16(truncatingIfNeeded: x) }

    /// Real FFT of `input` (`size` int16 samples) into `output` (`size / 2 + 1` complex values as
    /// interleaved re, im int16).
    public func transform(_ input: UnsafePointer<Int16>, _ output: UnsafeMutablePointer<Int16>) {
        // Complex FFT of the packed signal (even samples real, odd imaginary).
        work(output: work, input: input, fstride: 1, stage: 0)
        let ncfft = half
        // DC and Nyquist.
        let tdcR = Self.fixdiv(work[0], 2), tdcI = Self.fixdiv(work[1], 2)
        output[0] = Self.wrap(Int32(tdcR) + Int32(tdcI))
        output[1] = 0
        output[2 * ncfft] = Self.wrap(Int32(tdcR) - Int32(tdcI))
        output[2 * ncfft + 1] = 0
        var k = 1
        while k <= ncfft / 2 {
            let fpkR = Self.fixdiv(work[2 * k], 2)
            let fpkI = Self.fixdiv(work[2 * k + 1], 2)
            let fpnkR = Self.fixdiv(work[2 * (ncfft - k)], 2)
            let fpnkI = Self.fixdiv(Self.wrap(-Int32(work[2 * (ncfft - k) + 1])), 2)
            let f1kR = Self.wrap(Int32(fpkR) + Int32(fpnkR)), f1kI = Self.wrap(Int32(fpkI) + Int32(fpnkI))
            let f2kR = Self.wrap(Int32(fpkR) - Int32(fpnkR)), f2kI = Self.wrap(Int32(fpkI) - Int32(fpnkI))
            let twR0 = Int32(superTwiddles[2 * (k - 1)]), twI0 = Int32(superTwiddles[2 * (k - 1) + 1])
            let twR = Self.sround(Int32(f2kR) &* twR0 &- Int32(f2kI) &* twI0)
            let twI = Self.sround(Int32(f2kR) &* twI0 &+ Int32(f2kI) &* twR0)
            output[2 * k] = Self.wrap((Int32(f1kR) + Int32(twR)) >> 1)
            output[2 * k + 1] = Self.wrap((Int32(f1kI) + Int32(twI)) >> 1)
            output[2 * (ncfft - k)] = Self.wrap((Int32(f1kR) - Int32(twR)) >> 1)
            output[2 * (ncfft - k) + 1] = Self.wrap((Int32(twI) - Int32(f1kI)) >> 1)
            k += 1
        }
    }

    /// KISS FFT's `kf_work`: decimation in time, recursing on each radix-4 stage.
    private func work(output fout: UnsafeMutablePointer<Int16>, input: UnsafePointer<Int16>, fstride: Int, stage: Int) {
        let (p, m) = stages[stage]
        if m == 1 {
            // Copy the strided complex inputs (in_stride 1: the real input read as complex pairs).
            for q in 0..<p {
                fout[2 * q] = input[2 * q * fstride]
                fout[2 * q + 1] = input[2 * q * fstride + 1]
            }
        } else {
            for q in 0..<p {
                work(output: fout + 2 * q * m, input: input + 2 * q * fstride, fstride: fstride * p, stage: stage + 1)
            }
        }
        butterfly4(fout, fstride: fstride, m: m)
    }

    private func butterfly4(_ fout: UnsafeMutablePointer<Int16>, fstride: Int, m: Int) {
        let tw = twiddles
        for k in 0..<m {
            let i0 = 2 * k, i1 = 2 * (k + m), i2 = 2 * (k + 2 * m), i3 = 2 * (k + 3 * m)
            let a0r = Self.fixdiv(fout[i0], 4), a0i = Self.fixdiv(fout[i0 + 1], 4)
            let a1r = Self.fixdiv(fout[i1], 4), a1i = Self.fixdiv(fout[i1 + 1], 4)
            let a2r = Self.fixdiv(fout[i2], 4), a2i = Self.fixdiv(fout[i2 + 1], 4)
            let a3r = Self.fixdiv(fout[i3], 4), a3i = Self.fixdiv(fout[i3 + 1], 4)
            let t1 = 2 * k * fstride, t2 = 2 * 2 * k * fstride, t3 = 2 * 3 * k * fstride
            let (s0r, s0i) = Self.cmul(a1r, a1i, tw[t1], tw[t1 + 1])
            let (s1r, s1i) = Self.cmul(a2r, a2i, tw[t2], tw[t2 + 1])
            let (s2r, s2i) = Self.cmul(a3r, a3i, tw[t3], tw[t3 + 1])
            let s5r = Self.wrap(Int32(a0r) - Int32(s1r)), s5i = Self.wrap(Int32(a0i) - Int32(s1i))
            var f0r = Self.wrap(Int32(a0r) + Int32(s1r)), f0i = Self.wrap(Int32(a0i) + Int32(s1i))
            let s3r = Self.wrap(Int32(s0r) + Int32(s2r)), s3i = Self.wrap(Int32(s0i) + Int32(s2i))
            let s4r = Self.wrap(Int32(s0r) - Int32(s2r)), s4i = Self.wrap(Int32(s0i) - Int32(s2i))
            fout[i2] = Self.wrap(Int32(f0r) - Int32(s3r))
            fout[i2 + 1] = Self.wrap(Int32(f0i) - Int32(s3i))
            f0r = Self.wrap(Int32(f0r) + Int32(s3r))
            f0i = Self.wrap(Int32(f0i) + Int32(s3i))
            fout[i0] = f0r
            fout[i0 + 1] = f0i
            fout[i1] = Self.wrap(Int32(s5r) + Int32(s4i))
            fout[i1 + 1] = Self.wrap(Int32(s5i) - Int32(s4r))
            fout[i3] = Self.wrap(Int32(s5r) - Int32(s4i))
            fout[i3 + 1] = Self.wrap(Int32(s5i) + Int32(s4r))
        }
    }

    @inline(__always) private static func cmul(_ ar: Int16, _ ai: Int16, _ br: Int16, _ bi: Int16) -> (Int16, Int16) {
        let r = sround(Int32(ar) &* Int32(br) &- Int32(ai) &* Int32(bi))
        let i = sround(Int32(ar) &* Int32(bi) &+ Int32(ai) &* Int32(br))
        return (r, i)
    }
}

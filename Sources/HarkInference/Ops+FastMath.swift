import CVectorMath
import Foundation

extension Ops {
    /// exp(x) for 8 lanes: Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial),
    /// within 2 ulp of expf over [-87.3, 88.7]; inputs below are clamped (exp(-87.3) ≈ 1e-38, so −∞ in
    /// a max-subtracted softmax row contributes nothing).
    @inline(__always)
    public static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        // Clamped by comparisons: `clamped(lowerBound:upperBound:)` calls generic pointwiseMin/Max that are
        // not inlined here (perf: 4 % of a full-context transcription).
        let lo = SIMD8<Float>(repeating: -87.3), hi = SIMD8<Float>(repeating: 88.7)
        var x = v.replacing(with: lo, where: v .< lo)
        x.replace(with: hi, where: x .> hi)
        // n = round-to-nearest-even(x·log2 e) by adding 1.5·2²³ (the sum's low mantissa bits are n as an
        // integer): exact for |n| < 2²², and plain vector arithmetic (SIMD `rounded` and the
        // Float→Int32 SIMD conversion compile to scalar generic code here).
        let shifted = x * 1.44269504088896341 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693359375
        r = r + n * 2.12194440e-4
        let r2 = r * r
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        let e = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(e, to: SIMD8<Float>.self)
    }

    /// Softmax over rows, in place, 8 lanes at a time (same result as `softmax` to a few ulp).
    /// 16 AVX-512 lanes in C (`CVectorMath`, same formula) on CPUs that have them; rows split over the
    /// OpenBLAS thread count when large (`split`).
    public static func fastSoftmax(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        if vectorMathInC {
            split(work: rows * cols) { part, parts in
                let r = range(part, of: parts, count: rows)
                if !r.isEmpty { hark_softmax_rows(x + r.lowerBound * cols, r.count, cols) }
            }
            return
        }
        softmax8(x, rows: rows, cols: cols)
    }

    /// True when `fastSoftmax` and `fastGelu` run CVectorMath's AVX-512 kernels (checked once).
    public static let vectorMathInC = hark_vector_math_available() != 0

    /// `fastSoftmax` in Swift's 8 lanes (every CPU; the reference for the C kernel's tests).
    public static func softmax8(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        let vectors = cols / 8
        for r in 0..<rows {
            let row = x + r * cols
            let raw = UnsafeMutableRawPointer(row)
            // The row's maximum, 8 lanes at a time (a scalar `max` loop does not vectorise: NaN rules).
            var top8 = SIMD8<Float>(repeating: -.infinity)
            for j in 0..<vectors {
                let v = raw.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
                top8.replace(with: v, where: v .> top8)
            }
            var top = top8.max()
            for i in (vectors * 8)..<cols { top = max(top, row[i]) }
            var sum: Float = 0
            var acc = SIMD8<Float>(repeating: 0)
            for j in 0..<vectors {
                let e = exp8(raw.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self) - top)
                raw.storeBytes(of: e, toByteOffset: j * 32, as: SIMD8<Float>.self)
                acc += e
            }
            sum = acc.sum()
            for i in (vectors * 8)..<cols { let e = expf(row[i] - top); row[i] = e; sum += e }
            let inv = 1 / sum
            for j in 0..<vectors {
                let v = raw.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
                raw.storeBytes(of: v * inv, toByteOffset: j * 32, as: SIMD8<Float>.self)
            }
            for i in (vectors * 8)..<cols { row[i] *= inv }
        }
    }

    /// Exact-form GELU x·½·(1 + erf(x/√2)) with erf from Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7,
    /// about float32 resolution), 8 lanes at a time.
    /// 16 AVX-512 lanes in C (`CVectorMath`, same formula) on CPUs that have them; split over the OpenBLAS
    /// thread count when large (`split`).
    public static func fastGelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        if vectorMathInC {
            split(work: count) { part, parts in
                let r = range(part, of: parts, count: count, align: 16)
                if !r.isEmpty { hark_gelu(x + r.lowerBound, r.count) }
            }
            return
        }
        gelu8(x, count: count)
    }

    /// `fastGelu` in Swift's 8 lanes (every CPU; the reference for the C kernel's tests).
    public static func gelu8(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let vectors = count / 8
        let raw = UnsafeMutableRawPointer(x)
        for j in 0..<vectors {
            let v = raw.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
            let z = v * 0.70710678118654752
            let a = z.replacing(with: -z, where: z .< 0)
            let t = SIMD8<Float>(repeating: 1) / (SIMD8<Float>(repeating: 1) + 0.3275911 * a)
            var poly = SIMD8<Float>(repeating: 1.061405429)
            poly = poly * t - 1.453152027
            poly = poly * t + 1.421413741
            poly = poly * t - 0.284496736
            poly = poly * t + 0.254829592
            poly = poly * t
            let erfAbs = SIMD8<Float>(repeating: 1) - poly * exp8(-(a * a))
            let erf = erfAbs.replacing(with: -erfAbs, where: z .< 0)
            raw.storeBytes(of: 0.5 * v * (SIMD8<Float>(repeating: 1) + erf), toByteOffset: j * 32, as: SIMD8<Float>.self)
        }
        for i in (vectors * 8)..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erff(v * 0.70710678118654752))
        }
    }
}

import Foundation
import HarkInference
import Testing

/// The AVX-512 softmax and GELU (CVectorMath, used when the CPU has AVX-512F) against the Swift 8-lane
/// versions of the same formulas, on odd lengths (masked tails), large and −∞ inputs.
@Suite struct VectorMathTests {
    static func random(_ n: Int, scale: Float) -> [Float] { (0..<n).map { _ in Float.random(in: -scale...scale) } }

    @Test(arguments: [(1, 1), (3, 15), (2, 16), (4, 17), (5, 1500), (2, 51_864)])
    func softmaxMatchesSwift(rows: Int, cols: Int) {
        var x = Self.random(rows * cols, scale: 30)
        if cols > 3 { x[1] = -.infinity; x[cols - 1] = 100 }
        var want = x, got = x
        Ops.softmax8(&want, rows: rows, cols: cols)
        Ops.fastSoftmax(&got, rows: rows, cols: cols)
        let worst = zip(got, want).map { abs($0 - $1) / max(1e-30, abs($1)) }.max() ?? .nan
        #expect(worst <= 1e-5, "\(rows)×\(cols) C kernels \(Ops.vectorMathInC): worst relative difference \(worst)")
        for r in 0..<rows {
            let sum = got[(r * cols)..<((r + 1) * cols)].reduce(0, +)
            #expect(abs(sum - 1) <= 1e-4)
        }
    }

    @Test(arguments: [1, 15, 16, 17, 1536 * 3 + 5])
    func geluMatchesSwift(count: Int) {
        var x = Self.random(count, scale: 12)
        if count > 2 { x[0] = 0; x[1] = -0.0 }
        var want = x, got = x
        Ops.gelu8(&want, count: count)
        Ops.fastGelu(&got, count: count)
        // Same formula, products never fused; erf may differ by an ulp or so (≈ 1e-7 absolute), which the
        // cancellation in 1 + erf for negative x turns into many ulp of small results: compare absolutely.
        let worst = zip(got, want).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst <= 1e-6, "C kernels \(Ops.vectorMathInC): worst difference \(worst)")
    }

    /// `linearRows` (weights read in place for a few rows) against sgemm: every tile shape (rows and
    /// output columns not multiples of 4, masked K tails), with and without bias, and past the row limit
    /// (where it is sgemm itself).
    @Test(arguments: [(1, 16, 1), (3, 5, 7), (4, 384, 384), (7, 37, 9), (12, 384, 1536), (13, 1536, 384),
                      (Ops.smallRowsLimit, 17, 4), (Ops.smallRowsLimit + 1, 33, 5)])
    func linearRowsMatchesSgemm(m: Int, k: Int, n: Int) {
        let x = Self.random(m * k, scale: 1), w = Self.random(n * k, scale: 0.2), bias = Self.random(n, scale: 1)
        for withBias in [true, false] {
            var want = [Float](repeating: .nan, count: m * n), got = want
            x.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { b in
                        let b = withBias ? b.baseAddress : nil
                        Ops.linear(x.baseAddress!, m: m, k: k, weight: w.baseAddress!, bias: b, n: n, into: &want)
                        Ops.linearRows(x.baseAddress!, m: m, k: k, weight: w.baseAddress!, bias: b, n: n, into: &got)
                    }
                }
            }
            // Sums of k products of size ≲ 0.2 in another order: a few ulp of the magnitude of the terms.
            let worst = zip(got, want).map { abs($0 - $1) }.max() ?? .nan
            #expect(worst <= 1e-5 * Float(k).squareRoot(), "\(m)×\(k)·\(n)ᵀ bias \(withBias), C kernels \(Ops.vectorMathInC): worst \(worst)")
        }
    }
}

import Foundation
import HarkInference
import Testing

/// fp16 → fp32 widening (the fp16 Whisper embedding) and the logits GEMM on widened row blocks.
@Suite struct HalfWideningTests {
    /// Every one of the 65,536 binary16 bit patterns, against Swift's own Float16 → Float conversion.
    static func checkAllPatterns(_ widen: (UnsafePointer<UInt16>, UnsafeMutablePointer<Float>, Int) -> Void) -> [String] {
        // Offset by one element so that the source is not 16-byte aligned (the model's tensors need not be).
        let bits = [UInt16(0)] + (0...UInt16.max).map { $0 }
        var out = [Float](repeating: 0, count: bits.count - 1)
        bits.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { o in widen(b.baseAddress! + 1, o.baseAddress!, o.count) } }
        var problems: [String] = []
        for (i, got) in out.enumerated() {
            let want = Float(Float16(bitPattern: UInt16(i)))
            if want.isNaN ? !got.isNaN : got.bitPattern != want.bitPattern {
                problems.append(String(format: "0x%04x: got %@ want %@", i, "\(got)", "\(want)"))
            }
        }
        return problems
    }

    @Test func widenHalfIsExactForEveryBitPattern() {
        let problems = Self.checkAllPatterns { Ops.widenHalf($0, into: $1, count: $2) }
        #expect(problems.isEmpty, "hardware path \(Ops.halfWideningInHardware): \(problems.prefix(5))")
    }

    @Test func portableWideningIsExactForEveryBitPattern() {
        let problems = Self.checkAllPatterns { Ops.widenHalfPortable($0, into: $1, count: $2) }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    /// C = A · Bᵀ with B in fp16 against sgemm on B widened once, across block edges (1024 rows) and M = 1.
    @Test(arguments: [(1, 2500, 384), (9, 2049, 384), (3, 1024, 16), (2, 7, 5)])
    func halfGemmMatchesFloatGemm(m: Int, n: Int, k: Int) {
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1) }
        let half = (0..<(n * k)).map { _ in Float16(Float.random(in: -2...2)).bitPattern }
        let wide = half.map { Float(Float16(bitPattern: $0)) }
        var want = [Float](repeating: 0, count: m * n), got = [Float](repeating: .nan, count: m * n)
        Ops.gemm(m: m, n: n, k: k, a: a, b: wide, transposeB: true, c: &want)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: Ops.halfBlockRows * k)
        defer { scratch.deallocate() }
        Ops.gemmHalfTransposedB(m: m, n: n, k: k, a: a, b: half, c: &got, scratch: scratch)
        let worst = zip(got, want).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst <= 1e-4, "m\(m) n\(n) k\(k): worst difference \(worst)")
    }
}

import Foundation

extension Ops {
    /// Multi-head attention over strided operands, one head at a time (scratch is one head's scores).
    /// q[T, ldq], k[S, ldk], v[S, ldv]: head h reads columns h·headDim ..< (h+1)·headDim of each.
    /// out[T, ldo] gets the heads side by side. Scores scaled by 1/√headDim. `causalOffset`: query t
    /// sees keys ≤ t + causalOffset (queries are the last T of S positions). scratch ≥ T·S floats.
    public static func headAttention(q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int,
                                     v: UnsafePointer<Float>, ldv: Int, queries t: Int, keys s: Int,
                                     heads: Int, headDim: Int, causalOffset: Int? = nil,
                                     into out: UnsafeMutablePointer<Float>, ldo: Int,
                                     scratch: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(headDim).squareRoot()
        for h in 0..<heads {
            let c = h * headDim
            // scores[T, S] = q_h · k_hᵀ · scale
            cblasGemm(m: t, n: s, k: headDim, a: q + c, lda: ldq, b: k + c, transposeB: true, ldb: ldk,
                      c: scratch, ldc: s, alpha: scale)
            if let causalOffset {
                for i in 0..<t where i + causalOffset + 1 < s {
                    let row = scratch + i * s
                    for j in (i + causalOffset + 1)..<s { row[j] = -.infinity }
                }
            }
            fastSoftmax(scratch, rows: t, cols: s)
            // out_h[T, hd] = scores · v_h
            cblasGemm(m: t, n: headDim, k: s, a: scratch, lda: s, b: v + c, transposeB: false, ldb: ldv,
                      c: out + c, ldc: ldo, alpha: 1)
        }
    }
}

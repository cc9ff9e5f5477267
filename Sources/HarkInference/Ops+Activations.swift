import Foundation

extension Ops {
    public static func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count where x[i] < 0 { x[i] = 0 }
    }

    @inline(__always) public static func sigmoid(_ v: Float) -> Float { 1 / (1 + expf(-v)) }

    public static func sigmoid(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = sigmoid(x[i]) }
    }

    public static func tanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = tanhf(x[i]) }
    }

    /// Exact GELU (erf form, as BERT and Whisper use): x · ½ · (1 + erf(x/√2)).
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erff(v * 0.70710678118654752))
        }
    }

    /// Softmax over each of `rows` rows of `cols` values, in place, max-subtracted.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = x + r * cols
            var maxValue = -Float.infinity
            for i in 0..<cols { maxValue = max(maxValue, row[i]) }
            var sum: Float = 0
            for i in 0..<cols { let e = expf(row[i] - maxValue); row[i] = e; sum += e }
            let inv = 1 / sum
            for i in 0..<cols { row[i] *= inv }
        }
    }

    /// Layer norm over the last dimension: y = (x − mean)/√(var + eps) · gamma + beta, in place.
    public static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        for r in 0..<rows {
            let row = x + r * cols
            var mean: Float = 0
            for i in 0..<cols { mean += row[i] }
            mean /= Float(cols)
            var variance: Float = 0
            for i in 0..<cols { let d = row[i] - mean; variance += d * d }
            variance /= Float(cols)
            let inv = 1 / (variance + eps).squareRoot()
            for i in 0..<cols { row[i] = (row[i] - mean) * inv * gamma[i] + beta[i] }
        }
    }

    /// Folds eval-mode batch norm into the preceding conv/linear: W'[o,…] = W[o,…]·s, b' = (b − mean)·s + beta,
    /// s = gamma/√(var + eps). `weight` has `outChannels` rows of `perChannel` values. Done once at load.
    public static func foldBatchNorm(weight: inout [Float], bias: inout [Float], outChannels: Int,
                                     gamma: [Float], beta: [Float], mean: [Float], variance: [Float], eps: Float) {
        let perChannel = weight.count / outChannels
        for o in 0..<outChannels {
            let s = gamma[o] / (variance[o] + eps).squareRoot()
            for i in 0..<perChannel { weight[o * perChannel + i] *= s }
            bias[o] = (bias[o] - mean[o]) * s + beta[o]
        }
    }

    /// Embedding lookup: rows `ids` of `table[vocab, dim]` into `out[ids.count, dim]`.
    /// Ids outside the table are the caller's error (checked by a precondition).
    public static func embedding(_ ids: UnsafeBufferPointer<Int32>, table: UnsafePointer<Float>, vocab: Int, dim: Int,
                                 into out: UnsafeMutablePointer<Float>) {
        for (t, id) in ids.enumerated() {
            precondition(id >= 0 && Int(id) < vocab, "embedding id \(id) outside 0..<\(vocab)")
            (out + t * dim).update(from: table + Int(id) * dim, count: dim)
        }
    }
}

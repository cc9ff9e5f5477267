import Foundation
import HarkInference

/// Whisper's audio encoder for one stream: mel [2n, 80] → conv1 (k3, p1) + GELU → conv2 (k3, s2, p1) +
/// GELU → + positions[0..<n] → 4 pre-norm blocks (self-attention, FFN) → LayerNorm → output [n, 384].
/// n = 1500 for a full 30 s window; fewer positions (a shortened context) for short commands: the
/// model then sees only the first n positional embeddings, as if the window were 2n/100 s long.
/// Buffers for 1500 positions are allocated once here; `encode` allocates nothing.
public final class WhisperEncoder {
    public let weights: WhisperWeights
    static let d = WhisperWeights.dim
    let col: UnsafeMutablePointer<Float>      // im2col [3000, 240] for conv1, then [1500, 1152] for conv2
    let conv1Out: UnsafeMutablePointer<Float> // [3000, 384]
    /// The latest output [positions, 384].
    public let output: UnsafeMutablePointer<Float>
    public private(set) var positions = 0
    let qkv: UnsafeMutablePointer<Float>      // [1500, 1152]
    let ctx: UnsafeMutablePointer<Float>      // [1500, 384]
    let tmp: UnsafeMutablePointer<Float>      // [1500, 384]
    let hidden: UnsafeMutablePointer<Float>   // [1500, 1536]
    let scores: UnsafeMutablePointer<Float>   // [1500, 1500], one head at a time

    public init(weights: WhisperWeights) {
        self.weights = weights
        let n = WhisperWeights.maxSourcePositions, d = Self.d
        col = .allocate(capacity: max(2 * n * WhisperWeights.mels * 3, n * d * 3))
        conv1Out = .allocate(capacity: 2 * n * d)
        output = .allocate(capacity: n * d)
        qkv = .allocate(capacity: n * 3 * d)
        ctx = .allocate(capacity: n * d)
        tmp = .allocate(capacity: n * d)
        hidden = .allocate(capacity: n * WhisperWeights.ffn)
        scores = .allocate(capacity: n * n)
    }

    deinit { for p in [col, conv1Out, output, qkv, ctx, tmp, hidden, scores] { p.deallocate() } }

    /// Encodes mel[2·positions, 80] (time-major, Whisper-normalised, zero-padded as the caller wants).
    public func encode(mel: UnsafePointer<Float>, positions n: Int) {
        precondition(n > 0 && n <= WhisperWeights.maxSourcePositions, "encoder positions \(n) outside 1...1500")
        let d = Self.d, w = weights, frames = 2 * n, m = WhisperWeights.mels
        positions = n
        // conv1: col[t, c·3 + k] = mel[t + k − 1, c]
        for t in 0..<frames {
            let row = col + t * m * 3
            for k in 0..<3 {
                let src = t + k - 1
                if src < 0 || src >= frames {
                    for c in 0..<m { row[c * 3 + k] = 0 }
                } else {
                    let x = mel + src * m
                    for c in 0..<m { row[c * 3 + k] = x[c] }
                }
            }
        }
        WhisperWeights.linear(col, rows: frames, w.conv1, into: conv1Out)   // [2n, 384]
        Ops.fastGelu(conv1Out, count: frames * d)
        // conv2 (stride 2): col[t, c·3 + k] = conv1Out[2t + k − 1, c]
        for t in 0..<n {
            let row = col + t * d * 3
            for k in 0..<3 {
                let src = 2 * t + k - 1
                if src < 0 || src >= frames {
                    for c in 0..<d { row[c * 3 + k] = 0 }
                } else {
                    let x = conv1Out + src * d
                    for c in 0..<d { row[c * 3 + k] = x[c] }
                }
            }
        }
        let x = output
        WhisperWeights.linear(col, rows: n, w.conv2, into: x)               // [n, 384]
        Ops.fastGelu(x, count: n * d)
        let pos = w.encoderPositions.pointer
        for i in 0..<(n * d) { x[i] += pos[i] }
        for l in w.encoderLayers {
            (tmp).update(from: x, count: n * d)
            WhisperWeights.layerNorm(tmp, rows: n, l.attnNorm)
            WhisperWeights.linear(tmp, rows: n, l.qkv, into: qkv)             // [n, 1152]
            Ops.headAttention(q: qkv, ldq: 3 * d, k: qkv + d, ldk: 3 * d, v: qkv + 2 * d, ldv: 3 * d,
                              queries: n, keys: n, heads: WhisperWeights.heads, headDim: WhisperWeights.headDim,
                              into: ctx, ldo: d, scratch: scores)
            WhisperWeights.linear(ctx, rows: n, l.out, into: tmp)
            for i in 0..<(n * d) { x[i] += tmp[i] }
            tmp.update(from: x, count: n * d)
            WhisperWeights.layerNorm(tmp, rows: n, l.ffnNorm)
            WhisperWeights.linear(tmp, rows: n, l.up, into: hidden)           // [n, 1536]
            Ops.fastGelu(hidden, count: n * WhisperWeights.ffn)
            WhisperWeights.linear(hidden, rows: n, l.down, into: tmp)
            for i in 0..<(n * d) { x[i] += tmp[i] }
        }
        WhisperWeights.layerNorm(x, rows: n, w.encoderNorm)
    }
}

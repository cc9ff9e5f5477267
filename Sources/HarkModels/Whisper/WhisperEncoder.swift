import Foundation
import HarkInference

/// Whisper's audio encoder for one stream: mel [2n, 80] → conv1 (k3, p1) + GELU → conv2 (k3, s2, p1) +
/// GELU → + positions[0..<n] → 4 pre-norm blocks (self-attention, FFN) → LayerNorm → output [n, 384].
/// n = 1500 for a full 30 s window; fewer positions (a shortened context) for short commands: the
/// model then sees only the first n positional embeddings, as if the window were 2n/100 s long.
/// Buffers are sized for `capacity` positions (given at init; the recogniser starts small) and grow at
/// most a few times, when a longer context is first encoded (to max(n, 2·capacity), at most 1500);
/// after that `encode` allocates nothing. Memory at full context ≈ 25 MB: the convolutions' im2col and
/// conv1 output live in the FFN and QKV buffers (dead by then), and self-attention runs in blocks of
/// `queryBlock` queries so that one head's scores take [256, n] instead of [n, n].
public final class WhisperEncoder {
    public let weights: WhisperWeights
    static let d = WhisperWeights.dim
    /// Positions the buffers hold now (never shrinks).
    public private(set) var capacity = 0
    /// The latest output [positions, 384] (valid until the next `encode`).
    public private(set) var output: UnsafeMutablePointer<Float>
    public private(set) var positions = 0
    var qkv: UnsafeMutablePointer<Float>      // [c, 1152]; first conv1's output [2c, 384]
    var ctx: UnsafeMutablePointer<Float>      // [c, 384]
    var tmp: UnsafeMutablePointer<Float>      // [c, 384]
    var hidden: UnsafeMutablePointer<Float>   // [c, 1536]; first im2col [2c, 240] (conv1), [c, 1152] (conv2)
    var scores: UnsafeMutablePointer<Float>   // [min(c, queryBlock), c], one head and block of queries
    static let queryBlock = 256

    public init(weights: WhisperWeights, capacity: Int = WhisperWeights.maxSourcePositions) {
        precondition(capacity > 0 && capacity <= WhisperWeights.maxSourcePositions)
        self.weights = weights
        self.capacity = capacity
        (output, qkv, ctx, tmp, hidden, scores) = Self.buffers(capacity)
    }

    deinit { release() }

    private typealias Pointer = UnsafeMutablePointer<Float>

    /// output, qkv, ctx, tmp, hidden, scores for c positions.
    private static func buffers(_ c: Int) -> (Pointer, Pointer, Pointer, Pointer, Pointer, Pointer) {
        let d = Self.d
        // hidden also holds the im2col matrices, qkv conv1's output (checked: 1536 ≥ 1152 ≥ 480, 1152 ≥ 768).
        return (.allocate(capacity: c * d), .allocate(capacity: c * 3 * d), .allocate(capacity: c * d),
                .allocate(capacity: c * d), .allocate(capacity: c * WhisperWeights.ffn),
                .allocate(capacity: min(c, queryBlock) * c))
    }

    private func release() { for p in [output, qkv, ctx, tmp, hidden, scores] { p.deallocate() } }

    /// Makes room for n positions (reallocates only when n exceeds the capacity; the old output is lost).
    public func reserve(positions n: Int) {
        precondition(n > 0 && n <= WhisperWeights.maxSourcePositions, "encoder positions \(n) outside 1...1500")
        guard n > capacity else { return }
        release()
        capacity = min(WhisperWeights.maxSourcePositions, max(n, 2 * capacity))
        (output, qkv, ctx, tmp, hidden, scores) = Self.buffers(capacity)
        positions = 0
    }

    /// Encodes mel[2·positions, 80] (time-major, Whisper-normalised, zero-padded as the caller wants).
    public func encode(mel: UnsafePointer<Float>, positions n: Int) {
        precondition(n > 0 && n <= WhisperWeights.maxSourcePositions, "encoder positions \(n) outside 1...1500")
        reserve(positions: n)
        let d = Self.d, w = weights, frames = 2 * n, m = WhisperWeights.mels
        let col = hidden, conv1Out = qkv
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
            for first in stride(from: 0, to: n, by: Self.queryBlock) {
                let rows = min(Self.queryBlock, n - first)
                Ops.headAttention(q: qkv + first * 3 * d, ldq: 3 * d, k: qkv + d, ldk: 3 * d, v: qkv + 2 * d, ldv: 3 * d,
                                  queries: rows, keys: n, heads: WhisperWeights.heads, headDim: WhisperWeights.headDim,
                                  into: ctx + first * d, ldo: d, scratch: scores)
            }
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

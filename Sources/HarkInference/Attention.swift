import Foundation

/// Keys and values of past positions for one attention layer: K, V [capacity, dim], allocated once.
public final class KVCache {
    public let capacity: Int
    public let dim: Int
    public private(set) var count = 0
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>

    public init(capacity: Int, dim: Int) {
        self.capacity = capacity
        self.dim = dim
        keys = .allocate(capacity: capacity * dim)
        values = .allocate(capacity: capacity * dim)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    public func reset() { count = 0 }

    /// Appends k, v [t, dim]. Precondition: room left.
    public func append(keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>, count t: Int) {
        precondition(count + t <= capacity, "KV cache full (\(capacity) positions)")
        (keys + count * dim).update(from: k, count: t * dim)
        (values + count * dim).update(from: v, count: t * dim)
        count += t
    }
}

extension Ops {
    /// Scratch floats `attention` needs: one score row block per head.
    public static func attentionScratch(queries: Int, keys: Int, heads: Int) -> Int { heads * queries * keys }

    /// Multi-head scaled dot-product attention.
    /// q[T, D] against k[S, D], v[S, D] (D = heads · headDim, heads interleaved as in BERT/Whisper) → out[T, D].
    /// `keyMask[S]` (optional): additive, e.g. −∞ for padding. `causalOffset`: when set, query t may only
    /// see keys ≤ t + causalOffset (decoder with a KV cache holding `causalOffset` earlier positions).
    public static func attention(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                 queries t: Int, keys s: Int, heads: Int, headDim: Int,
                                 keyMask: UnsafePointer<Float>? = nil, causalOffset: Int? = nil,
                                 into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let d = heads * headDim
        let scale = 1 / Float(headDim).squareRoot()
        for h in 0..<heads {
            let scores = scratch + h * t * s
            // scores[T, S] = q_h[T, hd] · k_h[S, hd]ᵀ · scale
            gemm(m: t, n: s, k: headDim, a: q + h * headDim, lda: d, b: k + h * headDim, transposeB: true, ldb: d,
                 c: scores, ldc: s, alpha: scale)
            for i in 0..<t {
                let row = scores + i * s
                if let keyMask { for j in 0..<s { row[j] += keyMask[j] } }
                if let causalOffset, i + causalOffset + 1 < s {
                    for j in (i + causalOffset + 1)..<s { row[j] = -.infinity }
                }
            }
            softmax(scores, rows: t, cols: s)
            // out_h[T, hd] = scores[T, S] · v_h[S, hd]
            gemm(m: t, n: headDim, k: s, a: scores, lda: s, b: v + h * headDim, transposeB: false, ldb: d,
                 c: out + h * headDim, ldc: d)
        }
    }

    /// Attention of new queries q[T, D] over everything in `cache` (after appending this step's K/V).
    public static func attention(q: UnsafePointer<Float>, queries t: Int, cache: KVCache, heads: Int, causal: Bool,
                                 into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        attention(q: q, k: cache.keys, v: cache.values, queries: t, keys: cache.count, heads: heads,
                  headDim: cache.dim / heads, causalOffset: causal ? cache.count - t : nil, into: out, scratch: scratch)
    }
}

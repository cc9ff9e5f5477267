import Foundation
import HarkInference

/// Whisper's text decoder for one stream, batched over hypotheses: B hypotheses advance together, each
/// with its own self-attention KV cache; the cross-attention K/V of the encoder output are computed once
/// per utterance (`start`) and shared by every hypothesis. Each `step` feeds t tokens per hypothesis
/// and leaves the logits of each hypothesis's last position in `logits` [B, 51864] (one GEMM against
/// the tied fp16 embedding, widened block by block). Buffers are allocated once, for `maxHypotheses` ×
/// `maxPositions`; the cross K/V for `sourceCapacity` encoder positions, grown (once per larger
/// context) when a longer encoder output is started.
public final class WhisperDecoder {
    public let weights: WhisperWeights
    public let maxHypotheses: Int
    public let maxPositions: Int
    public let maxStepTokens: Int
    static let d = WhisperWeights.dim, vocab = WhisperWeights.vocab

    /// Positions already in every hypothesis's cache.
    public private(set) var length = 0
    public private(set) var hypotheses = 0
    /// [B, 51864]: logits of each hypothesis's last position after `step`.
    public let logits: UnsafeMutablePointer<Float>

    let selfK, selfV: [UnsafeMutablePointer<Float>]   // per layer [maxHypotheses, maxPositions, 384]
    var crossKV: [UnsafeMutablePointer<Float>]        // per layer [sourceCapacity, 768]: K | V
    public private(set) var sourceCapacity: Int
    var crossPositions = 0
    let x, h, ctx: UnsafeMutablePointer<Float>        // [B·t, 384]
    let qkv: UnsafeMutablePointer<Float>              // [B·t, 1152]
    let hidden: UnsafeMutablePointer<Float>           // [B·t, 1536]
    var scores: UnsafeMutablePointer<Float>           // [B·t, max(sourceCapacity, maxPositions)]
    let last: UnsafeMutablePointer<Float>             // [B, 384]
    let embeddingBlock: UnsafeMutablePointer<Float>   // [Ops.halfBlockRows, 384]: widened embedding rows
    let reorderScratch: UnsafeMutablePointer<Float>   // [maxHypotheses, maxPositions, 384]

    public init(weights: WhisperWeights, maxHypotheses: Int, maxPositions: Int = WhisperWeights.maxTargetPositions,
                maxStepTokens: Int = 2, sourceCapacity: Int = WhisperWeights.maxSourcePositions) {
        precondition(maxPositions <= WhisperWeights.maxTargetPositions)
        precondition(sourceCapacity > 0 && sourceCapacity <= WhisperWeights.maxSourcePositions)
        self.weights = weights
        self.maxHypotheses = maxHypotheses
        self.maxPositions = maxPositions
        self.maxStepTokens = maxStepTokens
        let d = Self.d, rows = maxHypotheses * maxStepTokens, cache = maxHypotheses * maxPositions * d
        selfK = (0..<WhisperWeights.layers).map { _ in .allocate(capacity: cache) }
        selfV = (0..<WhisperWeights.layers).map { _ in .allocate(capacity: cache) }
        self.sourceCapacity = sourceCapacity
        crossKV = (0..<WhisperWeights.layers).map { _ in .allocate(capacity: sourceCapacity * 2 * d) }
        logits = .allocate(capacity: maxHypotheses * Self.vocab)
        x = .allocate(capacity: rows * d)
        h = .allocate(capacity: rows * d)
        ctx = .allocate(capacity: rows * d)
        qkv = .allocate(capacity: rows * 3 * d)
        hidden = .allocate(capacity: rows * WhisperWeights.ffn)
        scores = .allocate(capacity: rows * max(sourceCapacity, maxPositions))
        last = .allocate(capacity: maxHypotheses * d)
        embeddingBlock = .allocate(capacity: Ops.halfBlockRows * d)
        reorderScratch = .allocate(capacity: cache)
    }

    deinit {
        for p in selfK + selfV + crossKV { p.deallocate() }
        for p in [logits, x, h, ctx, qkv, hidden, scores, last, reorderScratch, embeddingBlock] { p.deallocate() }
    }

    /// Starts an utterance: cross K/V [n, 768] of the encoder's latest output, empty caches, B hypotheses.
    public func start(encoder: WhisperEncoder, hypotheses b: Int) {
        precondition(b >= 1 && b <= maxHypotheses)
        crossPositions = encoder.positions
        if crossPositions > sourceCapacity {
            // A longer context than before (e.g. the first full-context transcription): grow once.
            sourceCapacity = min(WhisperWeights.maxSourcePositions, max(crossPositions, 2 * sourceCapacity))
            for p in crossKV { p.deallocate() }
            crossKV = crossKV.map { _ in .allocate(capacity: sourceCapacity * 2 * Self.d) }
            scores.deallocate()
            scores = .allocate(capacity: maxHypotheses * maxStepTokens * max(sourceCapacity, maxPositions))
        }
        for (i, l) in weights.decoderLayers.enumerated() {
            WhisperWeights.linear(encoder.output, rows: crossPositions, l.crossKV, into: crossKV[i])
        }
        length = 0
        hypotheses = b
    }

    /// Keeps hypotheses `parents` (new hypothesis i continues old hypothesis parents[i]; repeats allowed).
    public func reorder(parents: [Int]) {
        precondition(parents.count >= 1 && parents.count <= maxHypotheses && parents.allSatisfy { $0 < hypotheses })
        let row = maxPositions * Self.d, used = length * Self.d
        for cache in selfK + selfV {
            for (i, p) in parents.enumerated() { (reorderScratch + i * row).update(from: cache + p * row, count: used) }
            for i in parents.indices { (cache + i * row).update(from: reorderScratch + i * row, count: used) }
        }
        hypotheses = parents.count
    }

    /// Feeds tokens [B·t] (hypothesis-major, t per hypothesis) at positions length..<length+t.
    public func step(_ tokens: [Int32], perHypothesis t: Int) {
        let b = hypotheses, rows = b * t, d = Self.d, w = weights
        precondition(tokens.count == rows && t <= maxStepTokens, "step: \(tokens.count) tokens for \(b)×\(t)")
        precondition(length + t <= maxPositions, "decoder: \(length + t) positions exceed \(maxPositions)")
        let emb = w.embedding.pointer, pos = w.decoderPositions.pointer
        for r in 0..<rows {
            let id = Int(tokens[r])
            precondition(id >= 0 && id < Self.vocab, "token \(id) outside the vocabulary")
            let p = pos + (length + r % t) * d, xr = x + r * d
            Ops.widenHalf(emb + id * d, into: xr, count: d)
            for j in 0..<d { xr[j] += p[j] }
        }
        let heads = WhisperWeights.heads, hd = WhisperWeights.headDim, cacheRow = maxPositions * d
        for (li, l) in w.decoderLayers.enumerated() {
            // Self-attention: append this step's K, V to each hypothesis's cache, attend causally.
            h.update(from: x, count: rows * d)
            WhisperWeights.layerNorm(h, rows: rows, l.selfNorm)
            WhisperWeights.linear(h, rows: rows, l.qkv, into: qkv)                       // [B·t, 1152]
            for r in 0..<rows {
                let at = (r / t) * cacheRow + (length + r % t) * d
                (selfK[li] + at).update(from: qkv + r * 3 * d + d, count: d)
                (selfV[li] + at).update(from: qkv + r * 3 * d + 2 * d, count: d)
            }
            for hyp in 0..<b {
                Ops.headAttention(q: qkv + hyp * t * 3 * d, ldq: 3 * d, k: selfK[li] + hyp * cacheRow, ldk: d,
                                  v: selfV[li] + hyp * cacheRow, ldv: d, queries: t, keys: length + t,
                                  heads: heads, headDim: hd, causalOffset: length,
                                  into: ctx + hyp * t * d, ldo: d, scratch: scores)
            }
            WhisperWeights.linear(ctx, rows: rows, l.selfOut, into: h)
            for i in 0..<(rows * d) { x[i] += h[i] }
            // Cross-attention: every query of every hypothesis against the shared encoder K/V.
            h.update(from: x, count: rows * d)
            WhisperWeights.layerNorm(h, rows: rows, l.crossNorm)
            WhisperWeights.linear(h, rows: rows, l.crossQ, into: ctx)                    // q [B·t, 384]
            Ops.headAttention(q: ctx, ldq: d, k: crossKV[li], ldk: 2 * d, v: crossKV[li] + d, ldv: 2 * d,
                              queries: rows, keys: crossPositions, heads: heads, headDim: hd,
                              into: h, ldo: d, scratch: scores)
            WhisperWeights.linear(h, rows: rows, l.crossOut, into: ctx)
            for i in 0..<(rows * d) { x[i] += ctx[i] }
            // FFN
            h.update(from: x, count: rows * d)
            WhisperWeights.layerNorm(h, rows: rows, l.ffnNorm)
            WhisperWeights.linear(h, rows: rows, l.up, into: hidden)                     // [B·t, 1536]
            Ops.fastGelu(hidden, count: rows * WhisperWeights.ffn)
            WhisperWeights.linear(hidden, rows: rows, l.down, into: h)
            for i in 0..<(rows * d) { x[i] += h[i] }
        }
        length += t
        for hyp in 0..<b { (last + hyp * d).update(from: x + (hyp * t + t - 1) * d, count: d) }
        WhisperWeights.layerNorm(last, rows: b, w.decoderNorm)
        // logits[B, 51864] = last[B, 384] · embeddingᵀ (tied output projection, no bias; fp16 rows widened per block)
        Ops.gemmHalfTransposedB(m: b, n: Self.vocab, k: d, a: last, b: emb, c: logits, scratch: embeddingBlock)
    }
}

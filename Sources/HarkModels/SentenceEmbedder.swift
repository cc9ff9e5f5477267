import Foundation
import HarkInference

/// all-MiniLM-L6-v2 sentence embeddings: WordPiece → 6-layer BERT encoder (hidden 384, 12 heads,
/// FFN 1536, GELU, post-LN, eps 1e-12) → mean pooling over tokens → L2 normalisation → [384].
/// Thread-safe: weights are immutable and each call uses its own buffers.
public final class SentenceEmbedder: @unchecked Sendable {
    public static let dimension = 384
    public static let maxTokens = 256
    public static let fileName = "minilm.safetensors"
    public static let vocabName = "minilm-vocab.txt"
    static let layers = 6, heads = 12, ffn = 1536, vocabSize = 30522, eps: Float = 1e-12

    struct Layer {
        let q, qb, k, kb, v, vb, o, ob, ln1g, ln1b, up, upb, down, downb, ln2g, ln2b: WeightTensor
    }

    final class Weights: @unchecked Sendable {
        let file: SafeTensorsFile
        let word, position, tokenType, lnG, lnB: WeightTensor
        let layers: [Layer]

        init(_ f: SafeTensorsFile) throws {
            file = f
            let d = SentenceEmbedder.dimension
            word = try f.float32("embeddings.word_embeddings.weight", shape: [vocabSize, d])
            position = try f.float32("embeddings.position_embeddings.weight", shape: [512, d])
            tokenType = try f.float32("embeddings.token_type_embeddings.weight", shape: [2, d])
            lnG = try f.float32("embeddings.LayerNorm.weight", shape: [d])
            lnB = try f.float32("embeddings.LayerNorm.bias", shape: [d])
            layers = try (0..<SentenceEmbedder.layers).map { i in
                let p = "encoder.layer.\(i)."
                func t(_ n: String, _ s: [Int]) throws -> WeightTensor { try f.float32(p + n, shape: s) }
                return Layer(
                    q: try t("attention.self.query.weight", [d, d]), qb: try t("attention.self.query.bias", [d]),
                    k: try t("attention.self.key.weight", [d, d]), kb: try t("attention.self.key.bias", [d]),
                    v: try t("attention.self.value.weight", [d, d]), vb: try t("attention.self.value.bias", [d]),
                    o: try t("attention.output.dense.weight", [d, d]), ob: try t("attention.output.dense.bias", [d]),
                    ln1g: try t("attention.output.LayerNorm.weight", [d]), ln1b: try t("attention.output.LayerNorm.bias", [d]),
                    up: try t("intermediate.dense.weight", [ffn, d]), upb: try t("intermediate.dense.bias", [ffn]),
                    down: try t("output.dense.weight", [d, ffn]), downb: try t("output.dense.bias", [d]),
                    ln2g: try t("output.LayerNorm.weight", [d]), ln2b: try t("output.LayerNorm.bias", [d]))
            }
        }
    }

    public let tokenizer: WordPieceTokenizer
    private let weights: Weights

    public init(store: ModelStore) throws {
        try store.verify(Self.vocabName)
        tokenizer = try WordPieceTokenizer(vocabFile: store.url(Self.vocabName))
        weights = try store.shared("SentenceEmbedder.weights") { try Weights(store.safetensors(Self.fileName)) }
    }

    /// The 384-d, L2-normalised embedding of `text` (truncated at 256 tokens).
    public func embed(_ text: String) -> [Float] {
        embed(tokens: tokenizer.encode(text, maxLength: Self.maxTokens))
    }

    /// Whether `word` is one token of the WordPiece vocabulary: a real word ("garbage", "black"), not a misspelling.
    public func isVocabularyWord(_ word: String) -> Bool { tokenizer.vocab[word] != nil }

    public func embed(tokens ids: [Int32]) -> [Float] {
        embed(batch: [ids])[0]
    }

    /// The embeddings of several texts in one pass: their tokens are stacked into one matrix, so
    /// each layer's weights are read once for all of them; attention and pooling stay within each
    /// text. Linear layers go through `Ops.linearRows` (weights multiplied in place at a few rows).
    public func embed(texts: [String]) -> [[Float]] {
        embed(batch: texts.map { tokenizer.encode($0, maxLength: Self.maxTokens) })
    }

    public func embed(batch: [[Int32]]) -> [[Float]] {
        guard !batch.isEmpty else { return [] }
        let lengths = batch.map(\.count)
        let starts = lengths.indices.map { lengths[..<$0].reduce(0, +) }
        let t = lengths.reduce(0, +), d = Self.dimension, f = Self.ffn
        let x = UnsafeMutablePointer<Float>.allocate(capacity: t * d)        // [T, 384] hidden state, texts stacked
        let q = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
        let k = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
        let v = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
        let ctx = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
        let tmp = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
        let hidden = UnsafeMutablePointer<Float>.allocate(capacity: t * f)   // [T, 1536]
        let longest = lengths.max()!
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: Ops.attentionScratch(queries: longest, keys: longest, heads: Self.heads))
        defer { for p in [x, q, k, v, ctx, tmp, hidden, scores] { p.deallocate() } }

        let w = weights
        let ids = batch.flatMap { $0 }
        ids.withUnsafeBufferPointer { Ops.embedding($0, table: w.word.pointer, vocab: Self.vocabSize, dim: d, into: x) }
        for (s, start) in starts.enumerated() {
            for i in 0..<lengths[s] {   // positions restart at 0 in every text
                for j in 0..<d { x[(start + i) * d + j] += w.position.pointer[i * d + j] + w.tokenType.pointer[j] }
            }
        }
        Ops.layerNorm(x, rows: t, cols: d, gamma: w.lnG.pointer, beta: w.lnB.pointer, eps: Self.eps)
        for l in w.layers {
            Ops.linearRows(x, m: t, k: d, weight: l.q.pointer, bias: l.qb.pointer, n: d, into: q)
            Ops.linearRows(x, m: t, k: d, weight: l.k.pointer, bias: l.kb.pointer, n: d, into: k)
            Ops.linearRows(x, m: t, k: d, weight: l.v.pointer, bias: l.vb.pointer, n: d, into: v)
            for (s, start) in starts.enumerated() {
                let o = start * d
                Ops.attention(q: q + o, k: k + o, v: v + o, queries: lengths[s], keys: lengths[s], heads: Self.heads,
                              headDim: d / Self.heads, into: ctx + o, scratch: scores)
            }
            Ops.linearRows(ctx, m: t, k: d, weight: l.o.pointer, bias: l.ob.pointer, n: d, into: tmp)
            for i in 0..<(t * d) { x[i] += tmp[i] }
            Ops.layerNorm(x, rows: t, cols: d, gamma: l.ln1g.pointer, beta: l.ln1b.pointer, eps: Self.eps)
            Ops.linearRows(x, m: t, k: d, weight: l.up.pointer, bias: l.upb.pointer, n: f, into: hidden)
            Ops.fastGelu(hidden, count: t * f)
            Ops.linearRows(hidden, m: t, k: f, weight: l.down.pointer, bias: l.downb.pointer, n: d, into: tmp)
            for i in 0..<(t * d) { x[i] += tmp[i] }
            Ops.layerNorm(x, rows: t, cols: d, gamma: l.ln2g.pointer, beta: l.ln2b.pointer, eps: Self.eps)
        }
        return starts.enumerated().map { s, start in
            var out = [Float](repeating: 0, count: d)
            for i in start..<(start + lengths[s]) { for j in 0..<d { out[j] += x[i * d + j] } }
            var norm: Float = 0
            for j in 0..<d { out[j] /= Float(lengths[s]); norm += out[j] * out[j] }
            let scale = 1 / max(norm.squareRoot(), 1e-12)
            for j in 0..<d { out[j] *= scale }
            return out
        }
    }
}

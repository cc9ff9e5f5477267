import Foundation
import HarkModels
import Testing

/// MiniLM-L6-v2 in Swift against the reference (HF tokenizers ids + numpy BERT on the package's own
/// weights; scripts/models/minilm_reference.py) on 53 varied sentences.
@Suite struct SentenceEmbedderParityTests {
    struct Reference: Decodable { var sentences: [String]; var ids: [[Int32]] }

    static func reference() throws -> (Reference, [[Float]]) {
        let base = Installed.fixtures.appendingPathComponent("minilm_reference")
        let ref = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: base.appendingPathExtension("json")))
        let raw = try Data(contentsOf: base.appendingPathExtension("f32"))
        let floats = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats.count == ref.sentences.count * 384)
        return (ref, (0..<ref.sentences.count).map { Array(floats[($0 * 384)..<(($0 + 1) * 384)]) })
    }

    @Test func tokenizerMatchesHuggingFace() throws {
        let embedder = try SentenceEmbedder(store: Installed.store())
        let (ref, _) = try Self.reference()
        for (s, ids) in zip(ref.sentences, ref.ids) {
            #expect(embedder.tokenizer.encode(s) == ids, "\(s.debugDescription)")
        }
    }

    @Test func embeddingsCosineAtLeast09999() throws {
        let embedder = try SentenceEmbedder(store: Installed.store())
        let (ref, expected) = try Self.reference()
        #expect(ref.sentences.count >= 50)
        var worst: Float = 1
        for (s, e) in zip(ref.sentences, expected) {
            let got = embedder.embed(s)
            #expect(got.count == 384)
            let cosine = zip(got, e).reduce(0) { $0 + $1.0 * $1.1 }
            let norm = got.reduce(0) { $0 + $1 * $1 }.squareRoot()
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "\(s.debugDescription): cosine \(cosine)")
            #expect(abs(norm - 1) < 1e-4)
        }
        print("minilm parity: \(ref.sentences.count) sentences, min cosine \(worst)")
    }

    /// Stacked in one pass (texts of different lengths), the embeddings match the reference too.
    @Test func batchedEmbeddingsMatchTheReference() throws {
        let embedder = try SentenceEmbedder(store: Installed.store())
        let (ref, expected) = try Self.reference()
        var worst: Float = 1
        for start in stride(from: 0, to: ref.sentences.count, by: 7) {
            let end = min(ref.sentences.count, start + 7)
            let got = embedder.embed(texts: Array(ref.sentences[start..<end]))
            #expect(got.count == end - start)
            for (g, e) in zip(got, expected[start..<end]) { worst = min(worst, zip(g, e).reduce(0) { $0 + $1.0 * $1.1 }) }
        }
        #expect(worst >= 0.9999)
        #expect(embedder.embed(texts: []).isEmpty)
        print("minilm batched parity: \(ref.sentences.count) sentences in batches of 7, min cosine \(worst)")
    }

    @Test func similarCommandsAreCloserThanUnrelated() throws {
        let e = try SentenceEmbedder(store: Installed.store())
        func cos(_ a: String, _ b: String) -> Float { zip(e.embed(a), e.embed(b)).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cos("turn on the kitchen lights", "switch the kitchen light on") > cos("turn on the kitchen lights", "what is the weather tomorrow"))
    }
}

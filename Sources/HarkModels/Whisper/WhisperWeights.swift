import Foundation
import HarkInference

/// Whisper tiny.en weights, mapped read-only from `whisper-tiny-en.safetensors` (converted from
/// CTranslate2's model.bin by scripts/models/convert_whisper.py; tensor names as CTranslate2's): float32,
/// except the tied embedding / output projection, kept in the source's float16 (40 MB instead of 80).
/// d = 384, 6 heads of 64, FFN 1536, 4 encoder + 4 decoder pre-norm blocks, vocabulary 51,864.
/// Immutable and shared by every stream (ModelStore.shared).
public final class WhisperWeights: @unchecked Sendable {
    public static let fileName = "whisper-tiny-en.safetensors"
    public static let dim = 384, heads = 6, headDim = 64, ffn = 1536, layers = 4
    public static let vocab = 51_864, mels = 80
    /// Encoder positions of a full 30 s window (3000 mel frames after the stride-2 convolution).
    public static let maxSourcePositions = 1500
    /// Decoder positions (prompt + generated tokens).
    public static let maxTargetPositions = 448
    static let eps: Float = 1e-5

    struct Norm { let gamma, beta: WeightTensor }
    struct Linear { let weight, bias: WeightTensor }

    struct EncoderLayer {
        let attnNorm: Norm
        let qkv: Linear        // [1152, 384]: Q, K (zero bias), V stacked
        let out: Linear        // [384, 384]
        let ffnNorm: Norm
        let up: Linear         // [1536, 384]
        let down: Linear       // [384, 1536]
    }

    struct DecoderLayer {
        let selfNorm: Norm
        let qkv: Linear        // [1152, 384]
        let selfOut: Linear    // [384, 384]
        let crossNorm: Norm
        let crossQ: Linear     // [384, 384]
        let crossKV: Linear    // [768, 384]: K, V of the encoder output
        let crossOut: Linear   // [384, 384]
        let ffnNorm: Norm
        let up: Linear
        let down: Linear
    }

    let file: SafeTensorsFile
    let conv1: Linear          // weight [384, 80, 3] = [Cout, Cin·K] for im2col rows (c, k)
    let conv2: Linear          // weight [384, 384, 3]
    let encoderPositions: WeightTensor   // [1500, 384]
    let encoderLayers: [EncoderLayer]
    let encoderNorm: Norm
    let embedding: HalfWeightTensor      // [51864, 384] fp16, also the output projection (tied)
    let decoderPositions: WeightTensor   // [448, 384]
    let decoderLayers: [DecoderLayer]
    let decoderNorm: Norm

    public init(file f: SafeTensorsFile) throws {
        file = f
        let d = Self.dim
        func t(_ name: String, _ shape: [Int]) throws -> WeightTensor { try f.float32(name, shape: shape) }
        func norm(_ p: String) throws -> Norm { Norm(gamma: try t(p + "/gamma", [d]), beta: try t(p + "/beta", [d])) }
        func linear(_ p: String, _ n: Int, _ k: Int) throws -> Linear {
            Linear(weight: try t(p + "/weight", [n, k]), bias: try t(p + "/bias", [n]))
        }
        conv1 = Linear(weight: try t("encoder/conv1/weight", [d, Self.mels, 3]), bias: try t("encoder/conv1/bias", [d]))
        conv2 = Linear(weight: try t("encoder/conv2/weight", [d, d, 3]), bias: try t("encoder/conv2/bias", [d]))
        encoderPositions = try t("encoder/position_encodings/encodings", [Self.maxSourcePositions, d])
        encoderLayers = try (0..<Self.layers).map { i in
            let p = "encoder/layer_\(i)/"
            return EncoderLayer(attnNorm: try norm(p + "self_attention/layer_norm"),
                                qkv: try linear(p + "self_attention/linear_0", 3 * d, d),
                                out: try linear(p + "self_attention/linear_1", d, d),
                                ffnNorm: try norm(p + "ffn/layer_norm"),
                                up: try linear(p + "ffn/linear_0", Self.ffn, d),
                                down: try linear(p + "ffn/linear_1", d, Self.ffn))
        }
        encoderNorm = try norm("encoder/layer_norm")
        do {
            embedding = try f.float16("decoder/embeddings/weight", shape: [Self.vocab, d])
        } catch let error as ModelFileError where f.entries["decoder/embeddings/weight"]?.dtype == "F32" {
            throw ModelFileError(file: f.path, tensor: "decoder/embeddings/weight",
                                 problem: "\(error.problem): this file was converted for an older Hark (float32 embedding); run `make models` to convert it again")
        }
        decoderPositions = try t("decoder/position_encodings/encodings", [Self.maxTargetPositions, d])
        decoderLayers = try (0..<Self.layers).map { i in
            let p = "decoder/layer_\(i)/"
            return DecoderLayer(selfNorm: try norm(p + "self_attention/layer_norm"),
                                qkv: try linear(p + "self_attention/linear_0", 3 * d, d),
                                selfOut: try linear(p + "self_attention/linear_1", d, d),
                                crossNorm: try norm(p + "attention/layer_norm"),
                                crossQ: try linear(p + "attention/linear_0", d, d),
                                crossKV: try linear(p + "attention/linear_1", 2 * d, d),
                                crossOut: try linear(p + "attention/linear_2", d, d),
                                ffnNorm: try norm(p + "ffn/layer_norm"),
                                up: try linear(p + "ffn/linear_0", Self.ffn, d),
                                down: try linear(p + "ffn/linear_1", d, Self.ffn))
        }
        decoderNorm = try norm("decoder/layer_norm")
    }

    /// The shared weights of `store`'s installed model (mapped once per process).
    public static func shared(_ store: ModelStore) throws -> WhisperWeights {
        try store.shared("WhisperWeights") { try WhisperWeights(file: store.safetensors(fileName)) }
    }

    @inline(__always) static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, _ n: Norm) {
        Ops.layerNorm(x, rows: rows, cols: dim, gamma: n.gamma.pointer, beta: n.beta.pointer, eps: eps)
    }

    @inline(__always) static func linear(_ x: UnsafePointer<Float>, rows: Int, _ l: Linear, into y: UnsafeMutablePointer<Float>) {
        Ops.linearRows(x, m: rows, k: l.weight.shape[1] * (l.weight.shape.count == 3 ? l.weight.shape[2] : 1),
                   weight: l.weight.pointer, bias: l.bias.pointer, n: l.weight.shape[0], into: y)
    }
}

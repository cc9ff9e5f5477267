import HarkInference

/// Silero VAD v6.2, 16 kHz, streaming: one instance per audio stream, weights shared through the store.
///
/// Per chunk (shapes as in the ONNX graph, batch 1):
///   x[576] = context[64] ++ chunk[512]; reflect-pad right by 64 → [640]
///   STFT as conv1d(1→258, k=256, stride=128) with the model's basis → [258, 4]; magnitude → [129, 4]
///   encoder: conv1d k=3 pad=1 + ReLU: 129→128 (s1) [128,4], 128→64 (s2) [64,2], 64→64 (s2) [64,1], 64→128 (s1) [128,1]
///   LSTMCell(128, 128) with state (h, c); ReLU(h) · w[128] + b → sigmoid = speech probability
///   context ← last 64 samples of the chunk.
public final class SileroVAD {
    public static let chunkSamples = 512
    public static let sampleRate = 16000
    public static let contextSamples = 64
    public static let fileName = "silero_vad.safetensors"

    /// The immutable weights, mapped once per store.
    final class Weights: @unchecked Sendable {
        let file: SafeTensorsFile
        let basis: WeightTensor          // [258, 1, 256]
        let convW: [WeightTensor]        // [128,129,3], [64,128,3], [64,64,3], [128,64,3]
        let convB: [WeightTensor]
        let weightIH, weightHH, biasIH, biasHH: WeightTensor  // [512,128] ×2, [512] ×2
        let outW, outB: WeightTensor     // [1,128,1], [1]

        init(_ f: SafeTensorsFile) throws {
            file = f
            basis = try f.float32("stft.forward_basis_buffer", shape: [258, 1, 256])
            let shapes = [[128, 129, 3], [64, 128, 3], [64, 64, 3], [128, 64, 3]]
            convW = try shapes.enumerated().map { try f.float32("encoder.\($0.offset).reparam_conv.weight", shape: $0.element) }
            convB = try shapes.enumerated().map { try f.float32("encoder.\($0.offset).reparam_conv.bias", shape: [$0.element[0]]) }
            weightIH = try f.float32("decoder.rnn.weight_ih", shape: [512, 128])
            weightHH = try f.float32("decoder.rnn.weight_hh", shape: [512, 128])
            biasIH = try f.float32("decoder.rnn.bias_ih", shape: [512])
            biasHH = try f.float32("decoder.rnn.bias_hh", shape: [512])
            outW = try f.float32("decoder.decoder.2.weight", shape: [1, 128, 1])
            outB = try f.float32("decoder.decoder.2.bias", shape: [1])
        }
    }

    static let stft = ConvGeometry(inChannels: 1, outChannels: 258, kernel: 256, stride: 128)
    static let encoder = [
        ConvGeometry(inChannels: 129, outChannels: 128, kernel: 3, stride: 1, padding: 1),
        ConvGeometry(inChannels: 128, outChannels: 64, kernel: 3, stride: 2, padding: 1),
        ConvGeometry(inChannels: 64, outChannels: 64, kernel: 3, stride: 2, padding: 1),
        ConvGeometry(inChannels: 64, outChannels: 128, kernel: 3, stride: 1, padding: 1),
    ]
    static let paddedLength = 640
    static let frames = 4

    private let weights: Weights
    // Per-stream state and buffers, allocated once.
    private let input: UnsafeMutablePointer<Float>      // [640]
    private let spectrum: UnsafeMutablePointer<Float>   // [258, 4]
    private let magnitude: UnsafeMutablePointer<Float>  // [129, 4]
    private let layers: [UnsafeMutablePointer<Float>]   // [128,4], [64,2], [64,1], [128,1]
    private let scratch: UnsafeMutablePointer<Float>
    private let h: UnsafeMutablePointer<Float>          // [128]
    private let c: UnsafeMutablePointer<Float>          // [128]
    private let gates: UnsafeMutablePointer<Float>      // [512]
    private let hidden: UnsafeMutablePointer<Float>     // [128]

    public init(store: ModelStore) throws {
        weights = try store.shared("SileroVAD.weights") { try Weights(store.safetensors(Self.fileName)) }
        input = .allocate(capacity: Self.paddedLength)
        spectrum = .allocate(capacity: 258 * Self.frames)
        magnitude = .allocate(capacity: 129 * Self.frames)
        var lengths: [Int] = []
        var length = Self.frames
        for g in Self.encoder { length = g.outputLength(length); lengths.append(g.outChannels * length) }
        layers = lengths.map { .allocate(capacity: $0) }
        var scratchCount = Ops.conv1dScratch(Self.stft, length: Self.paddedLength)
        length = Self.frames
        for g in Self.encoder { scratchCount = max(scratchCount, Ops.conv1dScratch(g, length: length)); length = g.outputLength(length) }
        scratch = .allocate(capacity: scratchCount)
        h = .allocate(capacity: 128)
        c = .allocate(capacity: 128)
        gates = .allocate(capacity: 512)
        hidden = .allocate(capacity: 128)
        reset()
    }

    deinit {
        for p in [input, spectrum, magnitude, scratch, h, c, gates, hidden] + layers { p.deallocate() }
    }

    /// Forgets the stream: zero LSTM state and zero context.
    public func reset() {
        input.update(repeating: 0, count: Self.paddedLength)
        h.update(repeating: 0, count: 128)
        c.update(repeating: 0, count: 128)
    }

    /// Speech probability of the next 512-sample chunk (16 kHz, samples in [-1, 1]).
    public func probability(_ chunk: UnsafeBufferPointer<Float>) -> Float {
        precondition(chunk.count == Self.chunkSamples, "SileroVAD needs \(Self.chunkSamples) samples, got \(chunk.count)")
        let n = Self.contextSamples + Self.chunkSamples  // 576
        // input[0..<64] already holds the context (the previous chunk's last 64 samples).
        (input + Self.contextSamples).update(from: chunk.baseAddress!, count: Self.chunkSamples)
        for i in 0..<64 { input[n + i] = input[n - 2 - i] }  // reflect pad
        Ops.conv1d(input, length: Self.paddedLength, Self.stft, weight: weights.basis.pointer, bias: nil,
                   into: spectrum, scratch: scratch)
        for i in 0..<(129 * Self.frames) {
            let re = spectrum[i], im = spectrum[129 * Self.frames + i]
            magnitude[i] = (re * re + im * im).squareRoot()
        }
        var x = UnsafePointer(magnitude)
        var length = Self.frames
        for (i, g) in Self.encoder.enumerated() {
            Ops.conv1d(x, length: length, g, weight: weights.convW[i].pointer, bias: weights.convB[i].pointer,
                       into: layers[i], scratch: scratch)
            length = g.outputLength(length)
            Ops.relu(layers[i], count: g.outChannels * length)
            x = UnsafePointer(layers[i])
        }
        // layers[3] is [128, 1]: the LSTM input is time step 0.
        Ops.lstmCell(x: layers[3], inputSize: 128, hiddenSize: 128,
                     weightIH: weights.weightIH.pointer, weightHH: weights.weightHH.pointer,
                     biasIH: weights.biasIH.pointer, biasHH: weights.biasHH.pointer, h: h, c: c, gates: gates)
        var logit = weights.outB.data[0]
        let w = weights.outW.pointer
        for j in 0..<128 { logit += max(h[j], 0) * w[j] }
        // Next context: the last 64 samples of this chunk.
        input.update(from: input + Self.chunkSamples, count: Self.contextSamples)
        return Ops.sigmoid(logit)
    }
}

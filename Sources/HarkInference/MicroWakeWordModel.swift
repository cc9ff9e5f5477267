import Foundation

/// A converted microWakeWord model, ready to run: the int8 streaming graph compiled to a list of
/// kernels with resolved buffer offsets, int8 weights pointing into the mapped safetensors file,
/// int32 biases, per-channel requantisers and the logistic lookup table. Immutable and shareable;
/// each audio stream gets its own `MicroWakeWordStream` (state and scratch arena).
public final class MicroWakeWordModel: @unchecked Sendable {
    public let name: String
    public let wakeWord: String
    public let probabilityCutoff: Double
    public let slidingWindowSize: Int
    /// Feature frames (10 ms each) per inference step (3 for these models).
    public let framesPerStep: Int
    public let featureCount: Int
    /// Input quantisation: q = round(feature / inputScale) + inputZeroPoint.
    public let inputScale: Double
    public let inputZeroPoint: Int
    /// Output dequantisation: probability = (q − outputZeroPoint) × outputScale.
    public let outputScale: Double
    public let outputZeroPoint: Int

    let file: SafeTensorsFile
    let kernels: [MicroWakeWordKernel]
    /// Arena layout: byte offset of every non-constant tensor; the arena size.
    let arenaBytes: Int
    let inputOffset: Int
    let outputOffset: Int
    let variableOffsets: [Int]
    let variableInit: [UnsafeRawBufferPointer]
    let variableBytes: Int

    public convenience init(url: URL) throws {
        try self.init(file: SafeTensorsFile(url: url))
    }

    public init(file: SafeTensorsFile) throws {
        self.file = file
        let path = file.path
        func fail(_ problem: String) -> ModelFileError { ModelFileError(file: path, problem: problem) }
        guard let json = file.metadata["graph"], let data = json.data(using: .utf8) else {
            throw fail("no \"graph\" metadata: not a converted microWakeWord model (run make models)")
        }
        let graph: MicroWakeWordGraph
        do {
            graph = try JSONDecoder().decode(MicroWakeWordGraph.self, from: data)
        } catch {
            throw fail("graph metadata does not decode: \(error)")
        }
        guard graph.format == "hark-mww-1" else { throw fail("graph format \(graph.format), expected hark-mww-1") }
        name = graph.name
        wakeWord = graph.wake_word
        probabilityCutoff = graph.probability_cutoff
        slidingWindowSize = graph.sliding_window_size
        guard slidingWindowSize >= 1, slidingWindowSize <= 100, probabilityCutoff > 0, probabilityCutoff < 1 else {
            throw fail("cutoff \(probabilityCutoff) / window \(slidingWindowSize) out of range")
        }
        let tensors = graph.tensors
        func tensor(_ i: Int) throws -> MicroWakeWordGraph.Tensor {
            guard i >= 0, i < tensors.count else { throw fail("tensor index \(i) out of range") }
            return tensors[i]
        }
        let inT = try tensor(graph.input), outT = try tensor(graph.output)
        guard inT.shape.count == 3, inT.shape[0] == 1, inT.type == "int8", inT.scale.count == 1 else {
            throw fail("input tensor \(inT.shape) \(inT.type ?? "?"), expected int8 [1, frames, features]")
        }
        framesPerStep = inT.shape[1]
        featureCount = inT.shape[2]
        inputScale = Double(Float(inT.scale[0]))
        inputZeroPoint = inT.zero_point[0]
        guard outT.count == 1, outT.type == "uint8" || outT.type == "int8", outT.scale.count == 1 else {
            throw fail("output tensor \(outT.shape) \(outT.type ?? "?"), expected one quantised value")
        }
        outputScale = Double(Float(outT.scale[0]))
        outputZeroPoint = outT.zero_point[0]

        // Arena: every non-constant int8/uint8 tensor, 16-byte aligned.
        var offsets = [Int](repeating: -1, count: tensors.count)
        var arena = 0
        for (i, t) in tensors.enumerated() where t.const == nil && (t.type == "int8" || t.type == "uint8") {
            offsets[i] = arena
            arena += (t.count + 15) & ~15
        }
        var varOffsets: [Int] = []
        var varInit: [UnsafeRawBufferPointer] = []
        var varBytes = 0
        for v in graph.variables {
            varOffsets.append(varBytes)
            varInit.append(try file.raw(v.`init`, dtype: "I8", shape: v.shape))
            varBytes += (v.shape.reduce(1, *) + 15) & ~15
        }
        let builder = MicroWakeWordKernelBuilder(file: file, tensors: tensors, offsets: offsets, variableOffsets: varOffsets, path: path)
        kernels = try graph.ops.map { try builder.kernel(for: $0, variables: graph.variables) }
        arenaBytes = arena
        guard offsets[graph.input] >= 0, offsets[graph.output] >= 0 else { throw fail("input/output tensor is a constant") }
        inputOffset = offsets[graph.input]
        outputOffset = offsets[graph.output]
        variableOffsets = varOffsets
        variableInit = varInit
        variableBytes = varBytes
    }
}

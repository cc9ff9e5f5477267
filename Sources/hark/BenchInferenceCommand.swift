import ArgumentParser
import Foundation
import HarkInference
import HarkModels

struct BenchInferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Engine GEMM vs raw cblas_sgemm on the models' shapes, linearRows vs sgemm over MiniLM's layers; Silero and MiniLM latency.",
        discussion: "scripts/bench-inference.sh runs this with onnxruntime's single-threaded figures measured in the same run, and prints the ratios.")

    @OptionGroup var models: ModelOptions
    @Option(help: "onnxruntime Silero time per chunk, µs (for the ratio).") var ortSileroUs: Double?
    @Option(help: "onnxruntime MiniLM time per sentence, ms (for the ratio).") var ortMinilmMs: Double?

    func run() throws {
        let store = try models.openStore()
        print("OpenBLAS: \(BLASLibrary.configuration), threads \(BLASLibrary.threads)")
        if let advice = BLASKernelAdvice.warning() { print("warning: \(advice)") }
        // (name, M, N, K, B transposed) — real shapes: MiniLM at 12 tokens, Silero convs as im2col GEMMs.
        let shapes: [(String, Int, Int, Int, Bool)] = [
            ("minilm qkv/out 12x384x384", 12, 384, 384, true), ("minilm ffn up 12x1536x384", 12, 1536, 384, true),
            ("minilm ffn down 12x384x1536", 12, 384, 1536, true), ("minilm 64 tok ffn up", 64, 1536, 384, true),
            ("silero stft 258x4x256", 258, 4, 256, false), ("silero enc0 128x4x387", 128, 4, 387, false),
            ("silero enc1 64x2x384", 64, 2, 384, false), ("silero lstm 1x512x128 (gemv)", 1, 512, 128, true),
        ]
        print("GEMM shape                          engine GFLOP/s   cblas_sgemm GFLOP/s   ratio")
        for (name, m, n, k, tb) in shapes {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1) }
            var c = [Float](repeating: 0, count: m * n)
            let flops = 2.0 * Double(m * n * k)
            let reps = max(50, Int(2e8 / flops))
            let engine = time(reps) { c.withUnsafeMutableBufferPointer { Ops.gemm(m: m, n: n, k: k, a: a, b: b, transposeB: tb, c: $0.baseAddress!) } }
            let raw = time(reps) { c.withUnsafeMutableBufferPointer { Ops.rawSgemm(m: m, n: n, k: k, a: a, b: b, transposeB: tb, c: $0.baseAddress!) } }
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%10.2f %18.2f %12.2f", flops / engine / 1e9, flops / raw / 1e9, raw / engine))
        }
        benchLinearRows()
        let vad = try reportingModelErrors { try SileroVAD(store: store) }
        let chunk = (0..<512).map { i in Float(sin(Double(i) * 0.05) * 0.3) }
        let perChunk = chunk.withUnsafeBufferPointer { p in time(3000) { _ = vad.probability(p) } }
        line("Silero VAD per 32 ms chunk", perChunk * 1e6, "µs", ortSileroUs)
        let embedder = try reportingModelErrors { try SentenceEmbedder(store: store) }
        let sentences = ["Turn on the kitchen lights.", "What's the temperature in the greenhouse right now?",
                         "Acknowledge the pressure alarm on pump three", "Play some jazz in the living room"]
        var i = 0
        let perSentence = time(200) { _ = embedder.embed(sentences[i % sentences.count]); i += 1 }
        line("MiniLM per sentence", perSentence * 1e3, "ms", ortMinilmMs)
    }

    /// `Ops.linearRows` (weights multiplied in place) against `Ops.linear` (sgemm, which packs them)
    /// over MiniLM's six layers with their own weights each (42 MB, as the model reads them: not the
    /// same cached matrix again and again), at several token counts.
    func benchLinearRows() {
        let d = 384, f = 1536
        let shapes = [(d, d), (d, d), (d, d), (d, d), (f, d), (d, f)]   // (N, K) of q, k, v, out, ffn up, ffn down
        let perLayer = shapes.reduce(0) { $0 + $1.0 * $1.1 }
        let weights = (0..<(6 * perLayer)).map { _ in Float.random(in: -0.1...0.1) }
        let bias = [Float](repeating: 0.01, count: f)
        let x = (0..<(64 * f)).map { _ in Float.random(in: -1...1) }
        var y = [Float](repeating: 0, count: 64 * f)
        print("MiniLM's 6 layers of linear layers   linearRows ms    sgemm (linear) ms   ratio   (linearRows takes up to \(Ops.smallRowsLimit) rows)")
        for m in [1, 4, 12, 16, 24, 64] {
            func pass(_ rows: Bool) {
                weights.withUnsafeBufferPointer { w in
                    y.withUnsafeMutableBufferPointer { y in
                        var offset = 0
                        for _ in 0..<6 {
                            for (n, k) in shapes {
                                if rows {
                                    Ops.linearRows(x, m: m, k: k, weight: w.baseAddress! + offset, bias: bias, n: n, into: y.baseAddress!)
                                } else {
                                    Ops.linear(x, m: m, k: k, weight: w.baseAddress! + offset, bias: bias, n: n, into: y.baseAddress!)
                                }
                                offset += n * k
                            }
                        }
                    }
                }
            }
            let reps = max(10, 400 / m)
            let rows = time(reps) { pass(true) }, sgemm = time(reps) { pass(false) }
            print("  \(m) rows".padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%10.3f %18.3f %12.2f", rows * 1e3, sgemm * 1e3, rows / sgemm))
        }
    }

    func line(_ name: String, _ value: Double, _ unit: String, _ reference: Double?) {
        if let reference {
            print(String(format: "%@: hark %.1f %@, onnxruntime (1 thread) %.1f %@, ratio hark/ort %.2f",
                         name as NSString, value, unit as NSString, reference, unit as NSString, value / reference))
        } else {
            print(String(format: "%@: hark %.1f %@", name as NSString, value, unit as NSString))
        }
    }

    /// Seconds per call, best of 3 runs of `reps` calls.
    func time(_ reps: Int, _ body: () -> Void) -> Double {
        for _ in 0..<max(1, reps / 10) { body() }
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<reps { body() }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(reps))
        }
        return best
    }
}

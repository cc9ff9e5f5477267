import Foundation
import HarkModels
import Testing

/// Silero VAD in Swift against onnxruntime (fixture from scripts/models/silero_reference.py).
@Suite struct SileroVADParityTests {
    struct Block { var name: String; var expected: [Float] }

    static func reference() throws -> [Block] {
        let text = try String(contentsOf: Installed.fixtures.appendingPathComponent("silero_vad_reference.txt"), encoding: .utf8)
        var blocks: [Block] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# ") {
                let parts = line.dropFirst(2).split(separator: " ")
                blocks.append(Block(name: String(parts[0]), expected: []))
            } else if let v = Float(line) {
                blocks[blocks.count - 1].expected.append(v)
            }
        }
        return blocks
    }

    func signal(_ name: String) throws -> [Float] {
        switch name {
        case "silence": return [Float](repeating: 0, count: 48000)
        case "noise": return lcgNoise(48000)
        default:
            let audio = try PCMFile.read(URL(fileURLWithPath: name))
            #expect(audio.sampleRate == 16000)
            return audio.samples
        }
    }

    @Test func everyChunkWithin1e4OfOnnxruntime() throws {
        let store = try Installed.store()
        let vad = try SileroVAD(store: store)
        let blocks = try Self.reference()
        #expect(blocks.count >= 16)
        var worst: Float = 0
        var chunks = 0
        for block in blocks {
            var samples = try signal(block.name)
            let n = (samples.count + 511) / 512
            #expect(n == block.expected.count, "\(block.name): chunk count")
            samples += [Float](repeating: 0, count: n * 512 - samples.count)
            vad.reset()
            for i in 0..<n {
                let p = samples.withUnsafeBufferPointer { vad.probability(UnsafeBufferPointer(rebasing: $0[(i * 512)..<((i + 1) * 512)])) }
                let diff = abs(p - block.expected[i])
                worst = max(worst, diff)
                #expect(diff <= 1e-4, "\(block.name) chunk \(i): swift \(p) onnxruntime \(block.expected[i])")
                chunks += 1
            }
        }
        print("silero parity: \(chunks) chunks, max |diff| \(worst)")
        // The recordings contain speech: some chunks must be confidently speech, silence must not.
        #expect(blocks.first { $0.name.hasSuffix("numbers.raw") }!.expected.contains { $0 > 0.9 })
    }

    @Test func instancesKeepSeparateStreams() throws {
        let store = try Installed.store()
        let a = try SileroVAD(store: store), b = try SileroVAD(store: store)
        let speech = try PCMFile.read(URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data/numbers.raw")).samples
        var pa: [Float] = [], pb: [Float] = []
        speech.withUnsafeBufferPointer { s in
            for i in 0..<40 {
                let chunk = UnsafeBufferPointer(rebasing: s[(i * 512)..<((i + 1) * 512)])
                pa.append(a.probability(chunk))
                if i % 2 == 0 { _ = b.probability(UnsafeBufferPointer(rebasing: s[0..<512])) }
            }
        }
        b.reset()
        speech.withUnsafeBufferPointer { s in
            for i in 0..<40 { pb.append(b.probability(UnsafeBufferPointer(rebasing: s[(i * 512)..<((i + 1) * 512)]))) }
        }
        #expect(pa == pb)
    }
}

import Foundation
import HarkInference
import Testing

@Suite struct LogMelTests {
    /// Against a float64 reference: naive DFT power, filterbank weights from the Slaney formula,
    /// log10 and Whisper normalisation, on Whisper's sizes and an odd one.
    @Test(arguments: [(16_000, 400, 160, 80, 2_000), (8_000, 255, 97, 13, 1_111)])
    func matchesFloat64Reference(rate: Int, nFFT: Int, hop: Int, mels: Int, length: Int) {
        let logMel = LogMel(sampleRate: rate, nFFT: nFFT, hop: hop, mels: mels)
        let x = (0..<length).map { i in Float(0.3 * sin(Double(i) * 0.07) + Double.random(in: -0.05...0.05)) }
        let frames = logMel.stft.frameCount(length)
        var out = [Float](repeating: 0, count: frames * mels)
        var scratch = [Float](repeating: 0, count: logMel.scratchCount(frames: frames))
        logMel.compute(x, length: length, into: &out, scratch: &scratch)

        let bins = nFFT / 2 + 1
        func mel(_ f: Double) -> Double { f < 1000 ? 3 * f / 200 : 15 + 27 * log(f / 1000) / log(6.4) }
        func hz(_ m: Double) -> Double { m < 15 ? 200 * m / 3 : 1000 * pow(6.4, (m - 15) / 27) }
        let edges = (0..<(mels + 2)).map { hz(mel(Double(rate) / 2) * Double($0) / Double(mels + 1)) }
        var reference = [Double](repeating: 0, count: frames * mels)
        for t in 0..<frames {
            var power = [Double](repeating: 0, count: bins)
            for k in 0..<bins {
                var re = 0.0, im = 0.0
                for n in 0..<nFFT {
                    let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(nFFT))
                    re += w * Double(x[t * hop + n]) * cos(2 * Double.pi * Double(k * n) / Double(nFFT))
                    im -= w * Double(x[t * hop + n]) * sin(2 * Double.pi * Double(k * n) / Double(nFFT))
                }
                power[k] = re * re + im * im
            }
            for m in 0..<mels {
                var e = 0.0
                for k in 0..<bins {
                    let f = Double(k * rate) / Double(nFFT)
                    let up = (f - edges[m]) / (edges[m + 1] - edges[m]), down = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])
                    e += power[k] * max(0, min(up, down)) * 2 / (edges[m + 2] - edges[m])
                }
                reference[t * mels + m] = log10(max(e, 1e-10))
            }
        }
        let top = reference.max()!
        for i in reference.indices {
            let expected = (max(reference[i], top - 8) + 4) / 4
            #expect(abs(Double(out[i]) - expected) < 2e-4, "index \(i): \(out[i]) vs \(expected)")
        }
    }

    @Test func filtersAreTrianglesCoveringTheSpectrum() {
        let f = LogMel.slaneyFilterbank(sampleRate: 16_000, nFFT: 400, mels: 80)
        let bins = 201
        for m in 0..<80 {
            let row = Array(f[(m * bins)..<((m + 1) * bins)])
            #expect(row.allSatisfy { $0 >= 0 })
            #expect(row.contains { $0 > 0 }, "mel \(m) is empty")
        }
        #expect(abs(LogMel.melToHz(LogMel.hzToMel(4321)) - 4321) < 1e-6)
    }
}

import Foundation
import HarkInference
import Testing

@Suite struct STFTTests {
    /// Against a float64 naive DFT with a periodic Hann window, on odd sizes.
    @Test(arguments: [(400, 160, 1203), (256, 128, 640), (15, 4, 61)])
    func powerMatchesNaiveDFT(nFFT: Int, hop: Int, length: Int) {
        let stft = STFT(nFFT: nFFT, hop: hop)
        let x = (0..<length).map { _ in Float.random(in: -1...1) }
        let frames = stft.frameCount(length)
        var out = [Float](repeating: 0, count: frames * stft.bins)
        var scratch = [Float](repeating: 0, count: stft.scratchCount(frames: frames))
        stft.power(x, length: length, into: &out, scratch: &scratch)
        for t in 0..<frames {
            for k in 0..<stft.bins {
                var re = 0.0, im = 0.0
                for n in 0..<nFFT {
                    let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(nFFT))
                    let a = 2 * Double.pi * Double(k * n) / Double(nFFT)
                    re += w * Double(x[t * hop + n]) * cos(a)
                    im -= w * Double(x[t * hop + n]) * sin(a)
                }
                let expected = re * re + im * im
                #expect(abs(Double(out[t * stft.bins + k]) - expected) <= 1e-3 * max(1, expected), "t\(t) k\(k)")
            }
        }
    }
}

import Foundation

/// Log-mel spectrogram front end (Whisper's): STFT power → mel filterbank (Slaney scale and area
/// normalisation, as librosa's default and Whisper's `mel_filters`) → log10 → optional Whisper
/// normalisation (clamp to max − 8, then (x + 4) / 4).
///
/// Filterbank [mels, bins] is built once; the projection is one GEMM per batch of frames:
/// power [frames, bins] × filtersᵀ → mel [frames, mels]. `compute` allocates nothing.
public final class LogMel {
    public let stft: STFT
    public let mels: Int
    public let sampleRate: Int
    /// [mels, bins], row-major.
    public let filters: [Float]

    public init(sampleRate: Int = 16_000, nFFT: Int = 400, hop: Int = 160, mels: Int = 80) {
        stft = STFT(nFFT: nFFT, hop: hop)
        self.mels = mels
        self.sampleRate = sampleRate
        filters = Self.slaneyFilterbank(sampleRate: sampleRate, nFFT: nFFT, mels: mels)
    }

    /// Floats of scratch `compute` needs for `frames` frames.
    public func scratchCount(frames: Int) -> Int { stft.scratchCount(frames: frames) + frames * stft.bins }

    /// out[frames, mels] = log10(max(mel energy, 1e-10)), Whisper-normalised when `whisperNormalize`.
    public func compute(_ x: UnsafePointer<Float>, length: Int, into out: UnsafeMutablePointer<Float>,
                        scratch: UnsafeMutablePointer<Float>, whisperNormalize: Bool = true) {
        let frames = stft.frameCount(length)
        guard frames > 0 else { return }
        let power = scratch                                     // [frames, bins]
        let stftScratch = scratch + frames * stft.bins
        stft.power(x, length: length, into: power, scratch: stftScratch)
        filters.withUnsafeBufferPointer { f in
            Ops.gemm(m: frames, n: mels, k: stft.bins, a: power, b: f.baseAddress!, transposeB: true, c: out)
        }
        var top = -Float.infinity
        for i in 0..<(frames * mels) {
            let v = log10(max(out[i], 1e-10))
            out[i] = v
            top = max(top, v)
        }
        guard whisperNormalize else { return }
        for i in 0..<(frames * mels) { out[i] = (max(out[i], top - 8) + 4) / 4 }
    }

    /// Slaney mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above.
    public static func hzToMel(_ f: Double) -> Double {
        f < 1000 ? f / (200.0 / 3) : 15 + log(f / 1000) / (log(6.4) / 27)
    }

    public static func melToHz(_ m: Double) -> Double {
        m < 15 ? m * (200.0 / 3) : 1000 * exp((m - 15) * (log(6.4) / 27))
    }

    /// Triangular filters between mel-spaced edges from 0 Hz to Nyquist, each scaled by 2/(width in Hz).
    public static func slaneyFilterbank(sampleRate: Int, nFFT: Int, mels: Int) -> [Float] {
        let bins = nFFT / 2 + 1
        let top = hzToMel(Double(sampleRate) / 2)
        let edges = (0..<(mels + 2)).map { melToHz(top * Double($0) / Double(mels + 1)) }
        var out = [Float](repeating: 0, count: mels * bins)
        for m in 0..<mels {
            let lo = edges[m], mid = edges[m + 1], hi = edges[m + 2]
            let norm = 2 / (hi - lo)
            for k in 0..<bins {
                let f = Double(k) * Double(sampleRate) / Double(nFFT)
                let w = max(0, min((f - lo) / (mid - lo), (hi - f) / (hi - mid)))
                out[m * bins + k] = Float(w * norm)
            }
        }
        return out
    }
}

import Foundation

/// Short-time Fourier power spectrum, computed as a real DFT by GEMM against a precomputed
/// windowed cos/sin basis (the same method Silero's graph uses).
///
/// Why not an FFT: the frame sizes of our models are not powers of two (Whisper n_fft = 400), so a
/// radix-2 FFT does not apply and a mixed-radix/Bluestein one is more code to keep exact; the DFT as
/// one GEMM per batch of frames is exact to float rounding, runs on OpenBLAS at tens of GFLOP/s
/// (Whisper's 30 s window: 3000 × 400 × 402 ≈ 0.5 GFLOP), and needs no new dependency. Basis
/// [2·bins, nFFT] is built once; `power` allocates nothing.
public final class STFT {
    public let nFFT: Int
    public let hop: Int
    public let bins: Int
    private let basis: UnsafeMutablePointer<Float>   // [2·bins, nFFT]: rows 0..<bins window·cos, then window·(−sin)

    /// Periodic Hann window (as torch.hann_window / Whisper).
    public init(nFFT: Int, hop: Int) {
        self.nFFT = nFFT
        self.hop = hop
        bins = nFFT / 2 + 1
        basis = .allocate(capacity: 2 * bins * nFFT)
        for k in 0..<bins {
            for n in 0..<nFFT {
                let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(nFFT))
                let angle = 2 * Double.pi * Double(k * n % nFFT) / Double(nFFT)
                basis[k * nFFT + n] = Float(window * cos(angle))
                basis[(bins + k) * nFFT + n] = Float(-window * sin(angle))
            }
        }
    }

    deinit { basis.deallocate() }

    /// Frames of `length` samples (no centre padding: pad beforehand if the model wants it).
    public func frameCount(_ length: Int) -> Int { length < nFFT ? 0 : (length - nFFT) / hop + 1 }

    /// Scratch floats `power` needs for `frames` frames.
    public func scratchCount(frames: Int) -> Int { frames * nFFT + frames * 2 * bins }

    /// |X[t, k]|² for every frame t of x → out[frames, bins].
    public func power(_ x: UnsafePointer<Float>, length: Int, into out: UnsafeMutablePointer<Float>,
                      scratch: UnsafeMutablePointer<Float>) {
        let frames = frameCount(length)
        guard frames > 0 else { return }
        let framed = scratch                        // [frames, nFFT]
        let spectrum = scratch + frames * nFFT      // [frames, 2·bins]
        for t in 0..<frames { (framed + t * nFFT).update(from: x + t * hop, count: nFFT) }
        Ops.gemm(m: frames, n: 2 * bins, k: nFFT, a: framed, b: basis, transposeB: true, c: spectrum)
        for t in 0..<frames {
            let row = spectrum + t * 2 * bins
            for k in 0..<bins { out[t * bins + k] = row[k] * row[k] + row[bins + k] * row[bins + k] }
        }
    }
}

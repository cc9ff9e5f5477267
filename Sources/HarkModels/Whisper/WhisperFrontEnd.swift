import Foundation
import HarkInference

/// Whisper's log-mel features exactly as faster-whisper 1.2.1 computes them: append 160 zeros,
/// reflect-pad 200 each side (centred STFT), periodic Hann(400), hop 160, |rfft|², drop the last frame,
/// Slaney mel 80×201, log10(max(x, 1e-10)), clamp to (max over the whole clip) − 8, (x + 4)/4.
/// The clip's content is N/160 frames (the last computed frame is used for the max only).
public final class WhisperFrontEnd: @unchecked Sendable {
    public static let hop = 160, nFFT = 400, framesPerWindow = 3000
    let logMel = LogMel(sampleRate: 16_000, nFFT: nFFT, hop: hop, mels: WhisperWeights.mels)

    public init() {}

    /// Content frames of `sampleCount` samples.
    public static func contentFrames(_ sampleCount: Int) -> Int { sampleCount / hop }

    /// Features [frames, 80] (time-major) of the whole clip, content frames only.
    public func features(_ samples: [Float]) -> [Float] {
        let n = samples.count
        let pad = Self.nFFT / 2
        // padded = reflect(200) · (samples ++ 160 zeros) · reflect(200)
        let core = samples + [Float](repeating: 0, count: Self.hop)
        let m = core.count
        var padded = [Float](repeating: 0, count: m + 2 * pad)
        for i in 0..<m { padded[pad + i] = core[i] }
        for i in 0..<pad {
            padded[pad - 1 - i] = core[min(i + 1, m - 1)]          // reflect without the edge sample
            padded[pad + m + i] = core[max(m - 2 - i, 0)]
        }
        let stftFrames = logMel.stft.frameCount(padded.count)   // 1 + m/160
        let frames = stftFrames - 1                              // drop the last frame
        let mels = WhisperWeights.mels
        var out = [Float](repeating: 0, count: stftFrames * mels)
        var scratch = [Float](repeating: 0, count: logMel.scratchCount(frames: stftFrames))
        padded.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { s in
                    logMel.compute(x.baseAddress!, length: padded.count, into: o.baseAddress!, scratch: s.baseAddress!,
                                   whisperNormalize: false)
                }
            }
        }
        var top = -Float.infinity
        for i in 0..<(frames * mels) { top = max(top, out[i]) }
        let content = min(Self.contentFrames(n), frames)
        var result = [Float](repeating: 0, count: content * mels)
        for i in 0..<(content * mels) { result[i] = (max(out[i], top - 8) + 4) / 4 }
        return result
    }
}

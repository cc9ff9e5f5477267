import Foundation
import HarkInference

/// Free transcription with Whisper tiny.en exactly as faster-whisper 1.2.1 does it with beam 1,
/// temperature 0, no timestamps, no VAD, condition_on_previous_text off: features of the whole clip,
/// 30 s windows (3000 frames, the last zero-padded), each encoded at full context (1500 positions) and
/// decoded greedily from the prompt [<|startoftranscript|>, <|notimestamps|>] with config.json's
/// suppress_ids at every step and suppress_ids_begin ([220, 50256]) at the first, at most 224 new tokens.
/// One stream: buffers allocated once; not for concurrent use (each thread its own transcriber).
public final class WhisperTranscriber {
    public struct Result: Sendable {
        public var text: String
        public var tokens: [Int32]
        /// Mean natural-log probability of the generated tokens, end-of-text included.
        public var averageLogProbability: Double
        public var windows: Int
        public var featureSeconds = 0.0, encoderSeconds = 0.0, decoderSeconds = 0.0
    }

    public static let maxNewTokens = 224
    public let tokenizer: WhisperTokenizer
    public let frontEnd = WhisperFrontEnd()
    public let encoder: WhisperEncoder
    let decoder: WhisperDecoder
    var mel: [Float]                           // [3000, 80] one window

    /// Decoder positions a transcription needs: the prompt, 224 new tokens, end-of-text.
    public static let decoderPositions = 2 + maxNewTokens + 1

    /// `encoder`, `decoder`: ones to share (the recogniser's: its encoder grows to full context on first
    /// use, its beam decoder must hold `decoderPositions`); by default its own.
    public init(store: ModelStore, encoder: WhisperEncoder? = nil, decoder: WhisperDecoder? = nil) throws {
        tokenizer = try WhisperTokenizer(store: store)
        let weights = try WhisperWeights.shared(store)
        self.encoder = encoder ?? WhisperEncoder(weights: weights)
        if let decoder {
            precondition(decoder.maxPositions >= Self.decoderPositions, "a shared decoder needs \(Self.decoderPositions) positions")
            self.decoder = decoder
        } else {
            self.decoder = WhisperDecoder(weights: weights, maxHypotheses: 1, maxPositions: Self.decoderPositions)
        }
        mel = [Float](repeating: 0, count: WhisperFrontEnd.framesPerWindow * WhisperWeights.mels)
    }

    /// Transcribes 16 kHz mono samples in [-1, 1].
    public func transcribe(_ samples: [Float]) -> Result {
        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now, d = now - clock
            clock = now
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let features = frontEnd.features(samples)
        let m = WhisperWeights.mels, frames = features.count / m
        var result = Result(text: "", tokens: [], averageLogProbability: 0, windows: 0)
        result.featureSeconds = lap()
        var seek = 0, logProbSum = 0.0, scored = 0
        while seek < frames {
            let size = min(WhisperFrontEnd.framesPerWindow, frames - seek)
            mel.withUnsafeMutableBufferPointer { w in
                features.withUnsafeBufferPointer { f in
                    w.baseAddress!.update(from: f.baseAddress! + seek * m, count: size * m)
                }
                (w.baseAddress! + size * m).update(repeating: 0, count: (WhisperFrontEnd.framesPerWindow - size) * m)
                encoder.encode(mel: w.baseAddress!, positions: WhisperWeights.maxSourcePositions)
            }
            result.encoderSeconds += lap()
            let window = greedy(encoder: encoder, maxTokens: Self.maxNewTokens)
            result.tokens += window.tokens
            logProbSum += window.logProb
            scored += window.tokens.count + 1
            result.decoderSeconds += lap()
            result.windows += 1
            seek += size
        }
        result.text = tokenizer.decode(result.tokens).trimmingCharacters(in: .whitespaces)
        result.averageLogProbability = scored > 0 ? logProbSum / Double(scored) : 0
        return result
    }

    /// Greedy decoding on the encoder's latest output: tokens (without end-of-text) and their total
    /// log-probability including end-of-text (when reached).
    func greedy(encoder: WhisperEncoder, maxTokens: Int) -> (tokens: [Int32], logProb: Double, ended: Bool) {
        decoder.start(encoder: encoder, hypotheses: 1)
        decoder.step([WhisperTokenizer.startOfTranscript, WhisperTokenizer.noTimestamps], perHypothesis: 2)
        var greedy = GreedyDecoding(maxTokens: maxTokens)
        while let token = greedy.next(decoder.logits, tokenizer: tokenizer) { decoder.step([token], perHypothesis: 1) }
        return (greedy.tokens, greedy.logProb, greedy.ended)
    }

    /// Index of the largest value and its log-softmax.
    static func argmaxLogProb(_ x: UnsafePointer<Float>, count: Int) -> (Int, Double) {
        var best = 0
        var top = x[0]
        for i in 1..<count where x[i] > top { top = x[i]; best = i }
        return (best, -logSumExp(x, count: count, max: top) + Double(top))
    }

    /// log Σ exp(x), given the maximum.
    static func logSumExp(_ x: UnsafePointer<Float>, count: Int, max top: Float) -> Double {
        var sum: Float = 0
        for i in 0..<count { sum += expf(x[i] - top) }
        return Double(top) + Double(log(sum))
    }
}

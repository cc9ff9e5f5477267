import Foundation

/// Greedy (unconstrained) decoding exactly as faster-whisper with beam 1: suppress config.json's
/// `suppress_ids` at every step and `suppress_ids_begin` at the first, take the most likely token, stop
/// at end-of-text or after `maxTokens`. One step at a time on a row of logits, so that it runs alone
/// (`WhisperTranscriber`) or as one more row of the grammar beam's batched steps (`WhisperRecognizer`),
/// sharing every decoder step and logits GEMM with the beam.
struct GreedyDecoding {
    let maxTokens: Int
    /// Generated tokens, end-of-text excluded.
    private(set) var tokens: [Int32] = []
    /// Total natural-log probability of the tokens, end-of-text included when reached.
    private(set) var logProb = 0.0
    /// End-of-text was reached (false when stopped by `maxTokens` or `stop()`).
    private(set) var ended = false
    private(set) var done = false

    init(maxTokens: Int) {
        self.maxTokens = maxTokens
        tokens.reserveCapacity(maxTokens)
    }

    /// Reads this hypothesis's logits [51864] (suppressed ids are overwritten with −∞ in place) and
    /// returns the token to feed next, or nil when the decoding is done.
    mutating func next(_ logits: UnsafeMutablePointer<Float>, tokenizer: WhisperTokenizer) -> Int32? {
        precondition(!done, "greedy decoding already done")
        for id in tokenizer.suppress { logits[Int(id)] = -.infinity }
        if tokens.isEmpty { for id in tokenizer.suppressAtBegin { logits[Int(id)] = -.infinity } }
        let (best, lp) = WhisperTranscriber.argmaxLogProb(logits, count: WhisperWeights.vocab)
        logProb += lp
        if best == Int(WhisperTokenizer.endOfText) {
            ended = true
            done = true
            return nil
        }
        tokens.append(Int32(best))
        if tokens.count >= maxTokens {
            done = true
            return nil
        }
        return Int32(best)
    }

    /// Ends the decoding here (the tokens so far are kept; `ended` stays false).
    mutating func stop() { done = true }

    /// Mean log-probability per scored token (end-of-text counts when reached).
    var meanLogProb: Double { logProb / Double(tokens.count + (ended ? 1 : 0)) }
}

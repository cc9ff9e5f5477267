import Foundation
import HarkCore
import HarkInference

/// Spoken commands with Whisper tiny.en (`SpeechRecognizer`).
///
/// With a grammar: the utterance plus 1 s of silence (a shortened context: ≈ 50 encoder positions per
/// second instead of 1500) is encoded once; decoding is a beam search over the grammar's token trie
/// (`GrammarTrie`): every live node is one row of one batched decoder step (cross K/V shared), scored
/// with the full-vocabulary log-softmax; a sentence's score is the sum of its tokens' log-probabilities
/// plus end-of-text. The best sentence is then checked against the free (greedy, unconstrained)
/// decoding of the same encoder output, run as one more row of the beam's batched steps (it shares
/// every decoder step and logits GEMM with the beam, and by default ends when the beam ends): `margin` = best sentence's mean log-probability per token −
/// free decoding's. The sentence is accepted when margin ≥ `rejectMargin` (chosen from measurements,
/// docs/speech.md); otherwise, or without a grammar, the result is the free transcription at full
/// context (`recognizer == .free`).
///
/// `confidence`: for grammar results exp(margin) capped at 1 (1 = the grammar sentence is as likely per
/// token as the unconstrained decoding); for free results exp(mean log-probability per token).
/// Thread-safe (one utterance at a time; a lock serialises callers). Buffers are allocated at init for
/// commands up to `Settings.initialContextSeconds`; one encoder and one decoder serve both the grammar
/// decoding and the full-context fallback, and grow (once, then reused) when a longer context is first
/// needed.
public final class WhisperRecognizer: SpeechRecognizer, @unchecked Sendable {
    public struct Settings: Sendable {
        /// Hypotheses kept per trie depth (one batched decoder step each).
        public var beamWidth = 8
        /// Accept the grammar sentence when (its mean log-prob per token − the free decoding's) ≥ this.
        public var rejectMargin = -1.5
        /// Accept it only when it beats the best sentence with another meaning (another intent or slot
        /// value: "on" for "off", "32" for "82") by at least this much total log-probability.
        public var minRivalGap = 1.0
        /// Accept it only when at none of its tokens (end-of-text included) the model preferred another
        /// token by more than this (log-probability of the most likely token − the sentence's token): a
        /// sound-alike ("garbage door" for "garage door") loses one word by a wide gap.
        public var maxTokenDeficit = Double.infinity
        /// How far below the best sentence the search still follows rival meanings (total log-probability);
        /// a rival further down counts as this far (`GrammarOutcome.rivalGap`).
        public var rivalWindow = 6.0
        /// Silence appended to the utterance for the shortened context, in seconds.
        public var contextPadding = 1.0
        /// Context (utterance + padding) the encoder and cross-attention buffers are sized for at init;
        /// longer ones (and the full-context fallback) grow them once.
        public var initialContextSeconds = 8.0
        /// End the free decoding when the beam ends (false: it goes on alone to end-of-text or its limit,
        /// ≈ twice the decoder steps). Both give the same decisions on the 180-clip set (docs/speech.md).
        public var freeDecodingStopsWithBeam = true
        public init() {}
    }

    /// Details of one grammar decoding, for tools and measurements.
    public struct GrammarOutcome: Sendable {
        public var sentence: Int?
        public var tokens: [Int32]
        public var logProbability: Double      // total, end-of-text included
        public var meanLogProbability: Double  // per token, end-of-text included
        public var freeTokens: [Int32]
        public var freeMeanLogProbability: Double
        public var margin: Double
        /// The best sentence with another meaning than `sentence` (within `Settings.rivalWindow`), if any.
        public var rival: Int?
        /// Total log-probability of `sentence` − `rival`'s (`Settings.rivalWindow` without a rival).
        public var rivalGap: Double
        /// The largest gap, over the sentence's tokens and end-of-text, between the most likely token's
        /// log-probability and the sentence's token's (0: the model's first choice at every step).
        public var worstTokenDeficit: Double
        public var accepted: Bool
        public var encoderPositions: Int
    }

    public let settings: Settings
    let lock = NSLock()
    let transcriber: WhisperTranscriber
    let shortEncoder: WhisperEncoder
    let beamDecoder: WhisperDecoder
    var trie: GrammarTrie?
    var trieGrammar: CommandGrammar?
    static let maxCommandTokens = 48

    public init(store: ModelStore, settings: Settings = Settings()) throws {
        self.settings = settings
        let weights = try WhisperWeights.shared(store)
        let positions = min(WhisperWeights.maxSourcePositions, max(1, Int(settings.initialContextSeconds * 50)))
        shortEncoder = WhisperEncoder(weights: weights, capacity: positions)
        // The beam's rows plus one for the free decoding; positions for the fallback transcription too
        // (each hypothesis's cache pages are touched only as far as it is used).
        beamDecoder = WhisperDecoder(weights: weights, maxHypotheses: settings.beamWidth + 1,
                                     maxPositions: max(2 + Self.maxCommandTokens + 1, WhisperTranscriber.decoderPositions),
                                     sourceCapacity: positions)
        transcriber = try WhisperTranscriber(store: store, encoder: shortEncoder, decoder: beamDecoder)
    }

    public var tokenizer: WhisperTokenizer { transcriber.tokenizer }

    public func recognize(_ samples: [Float], grammar: CommandGrammar?) throws -> Recognition {
        recognizeWithDetails(samples, grammar: grammar).recognition
    }

    /// `recognize`, plus the grammar decoding's details (nil without a grammar). With `fallback` false a
    /// rejected command returns an empty free result instead of running the full-context transcription
    /// (for measurements of the rejection rule).
    public func recognizeWithDetails(_ samples: [Float], grammar: CommandGrammar?,
                                     fallback: Bool = true) -> (recognition: Recognition, outcome: GrammarOutcome?) {
        lock.lock()
        defer { lock.unlock() }
        let start = ContinuousClock.now
        var outcome: GrammarOutcome?
        if let grammar, !grammar.sentences.isEmpty {
            let o = decodeGrammar(samples, grammar: grammar)
            outcome = o
            if o.accepted, let s = o.sentence {
                return (Recognition(text: grammar.sentences[s], recognizer: .grammar,
                                    confidence: min(1, exp(o.margin)), tokens: o.tokens.map(Int.init),
                                    computeSeconds: Self.seconds(since: start)), o)
            }
        }
        guard fallback else {
            return (Recognition(text: "", recognizer: .free, confidence: 0, computeSeconds: Self.seconds(since: start)), outcome)
        }
        let free = transcriber.transcribe(samples)
        var r = Recognition(text: free.text, recognizer: .free, confidence: exp(free.averageLogProbability),
                            tokens: free.tokens.map(Int.init), computeSeconds: Self.seconds(since: start))
        if let grammar, let s = outcome?.sentence { r.rejectedMeaning = grammar.meaningNames[grammar.meanings[s]] }
        return (r, outcome)
    }

    /// Free transcription at full context (as `hark transcribe`), on this recogniser's buffers: the
    /// shared encoder grows to 1500 positions on first use. Serialised with `recognize`.
    public func transcribe(_ samples: [Float]) -> WhisperTranscriber.Result {
        lock.lock()
        defer { lock.unlock() }
        return transcriber.transcribe(samples)
    }

    func trie(for grammar: CommandGrammar) -> GrammarTrie {
        if let trie, trieGrammar === grammar { return trie }
        let made = GrammarTrie(sentences: grammar.sentences, tokenizer: tokenizer)
        trie = made
        trieGrammar = grammar
        return made
    }

    /// Encodes the utterance + padding at a shortened context (positions = frames / 2).
    func encodeShort(_ samples: [Float]) -> Int {
        let m = WhisperWeights.mels
        let features = transcriber.frontEnd.features(samples)
        let content = min(features.count / m, WhisperFrontEnd.framesPerWindow)
        var frames = min(WhisperFrontEnd.framesPerWindow, content + Int(settings.contextPadding * 100))
        frames += frames % 2
        var mel = [Float](repeating: 0, count: frames * m)
        for i in 0..<(content * m) { mel[i] = features[i] }
        mel.withUnsafeBufferPointer { shortEncoder.encode(mel: $0.baseAddress!, positions: frames / 2) }
        return frames / 2
    }

    func decodeGrammar(_ samples: [Float], grammar: CommandGrammar) -> GrammarOutcome {
        let trie = trie(for: grammar)
        let positions = encodeShort(samples)
        let eot = Int(WhisperTokenizer.endOfText), vocab = WhisperWeights.vocab
        struct Hyp { var node: Int; var score: Double; var tokens: [Int32]; var worst: Double }
        var beam = [Hyp(node: 0, score: 0, tokens: [], worst: 0)]
        var best: (sentence: Int, score: Double, tokens: [Int32], worst: Double)?
        // Best finished score per meaning (the rival is the best of the other meanings).
        var finished: [Int: (sentence: Int, score: Double)] = [:]
        func rivalOf(_ best: (sentence: Int, score: Double, tokens: [Int32], worst: Double)) -> (sentence: Int, score: Double)? {
            let mine = grammar.meanings[best.sentence]
            var rival: (sentence: Int, score: Double)?
            for (meaning, f) in finished where meaning != mine && f.score > (rival?.score ?? -.infinity) { rival = f }
            return rival
        }
        // Free (unconstrained greedy) decoding of the same encoder output, as the reference score: the
        // last row of each batched step (row 0 after the shared prompt), until end-of-text, its limit or
        // (freeDecodingStopsWithBeam) the end of the beam.
        var free = GreedyDecoding(maxTokens: min(Self.maxCommandTokens, trie.maxDepth + 8))
        var freeRow: Int? = 0
        beamDecoder.start(encoder: shortEncoder, hypotheses: 1)
        beamDecoder.step([WhisperTokenizer.startOfTranscript, WhisperTokenizer.noTimestamps], perHypothesis: 2)
        var depth = 0
        while !beam.isEmpty || freeRow != nil {
            var candidates: [(parent: Int, token: Int32, node: Int, score: Double, worst: Double)] = []
            for (b, hyp) in beam.enumerated() {
                let row = beamDecoder.logits + b * vocab
                var top = -Float.infinity
                for i in 0..<vocab where row[i] > top { top = row[i] }
                let norm = WhisperTranscriber.logSumExp(row, count: vocab, max: top)
                let node = trie.nodes[hyp.node]
                if let s = node.sentence {
                    let total = hyp.score + Double(row[eot]) - norm
                    if best == nil || total > best!.score { best = (s, total, hyp.tokens, max(hyp.worst, Double(top - row[eot]))) }
                    let m = grammar.meanings[s]
                    if finished[m] == nil || total > finished[m]!.score { finished[m] = (s, total) }
                }
                for (token, child) in node.children {
                    candidates.append((b, token, child, hyp.score + Double(row[Int(token)]) - norm,
                                       max(hyp.worst, Double(top - row[Int(token)]))))
                }
            }
            // Scores only fall as tokens are added: hypotheses already below the best sentence cannot win;
            // they are followed only while they may still become a nearer rival meaning (within the window).
            if let best {
                let floor = max(best.score - settings.rivalWindow, rivalOf(best)?.score ?? -.infinity)
                candidates.removeAll { $0.score <= floor }
            }
            candidates.sort { $0.score > $1.score }
            if candidates.count > settings.beamWidth { candidates.removeLast(candidates.count - settings.beamWidth) }
            if !beam.isEmpty { depth += 1 }
            if depth > Self.maxCommandTokens { candidates.removeAll() }
            // The free row is read after the beam's rows: after the prompt both read row 0, and `next`
            // overwrites the suppressed ids in place.
            var freeToken: Int32?
            if let row = freeRow { freeToken = free.next(beamDecoder.logits + row * vocab, tokenizer: tokenizer) }
            var parents = candidates.map(\.parent), tokens = candidates.map(\.token)
            if let token = freeToken, let row = freeRow {
                parents.append(row)
                tokens.append(token)
            }
            beam = candidates.map { Hyp(node: $0.node, score: $0.score, tokens: beam[$0.parent].tokens + [$0.token], worst: $0.worst) }
            if candidates.isEmpty && settings.freeDecodingStopsWithBeam && !free.done {
                free.stop()
                parents.removeAll()
            }
            freeRow = free.done ? nil : candidates.count
            if parents.isEmpty { break }
            beamDecoder.reorder(parents: parents)
            beamDecoder.step(tokens, perHypothesis: 1)
        }
        let freeMean = free.meanLogProb
        guard let best else {
            return GrammarOutcome(sentence: nil, tokens: [], logProbability: -.infinity, meanLogProbability: -.infinity,
                                  freeTokens: free.tokens, freeMeanLogProbability: freeMean, margin: -.infinity,
                                  rival: nil, rivalGap: 0, worstTokenDeficit: .infinity, accepted: false, encoderPositions: positions)
        }
        let mean = best.score / Double(best.tokens.count + 1)
        let margin = mean - freeMean
        let rival = rivalOf(best)
        let gap = min(settings.rivalWindow, best.score - (rival?.score ?? -.infinity))
        return GrammarOutcome(sentence: best.sentence, tokens: best.tokens, logProbability: best.score,
                              meanLogProbability: mean, freeTokens: free.tokens, freeMeanLogProbability: freeMean,
                              margin: margin, rival: rival?.sentence, rivalGap: gap, worstTokenDeficit: best.worst,
                              accepted: margin >= settings.rejectMargin && gap >= settings.minRivalGap
                                  && best.worst <= settings.maxTokenDeficit,
                              encoderPositions: positions)
    }

    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

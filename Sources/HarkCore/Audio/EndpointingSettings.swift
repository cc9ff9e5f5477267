/// Endpointing parameters for ``UtteranceSegmenter`` (16 kHz audio, 512-sample VAD chunks).
public struct EndpointingSettings: Sendable, Equatable {
    /// Probability at or above which a chunk is speech; below `threshold - 0.15` it is silence.
    public var threshold: Float
    public var minSpeechMs: Int
    public var endSilenceMs: Int
    public var maxUtteranceMs: Int
    public var prerollMs: Int
    /// Audio kept after the end of speech (≤ `endSilenceMs`).
    public var postrollMs: Int
    public var sampleRate: Int = 16_000
    public var chunkSamples: Int = 512

    public init(threshold: Float = 0.5, minSpeechMs: Int = 250, endSilenceMs: Int = 500,
                maxUtteranceMs: Int = 15_000, prerollMs: Int = 300, postrollMs: Int = 0) {
        self.threshold = threshold
        self.minSpeechMs = minSpeechMs
        self.endSilenceMs = endSilenceMs
        self.maxUtteranceMs = maxUtteranceMs
        self.prerollMs = prerollMs
        self.postrollMs = min(postrollMs, endSilenceMs)
    }

    /// Below this a chunk counts as silence (hysteresis as in Silero's own VADIterator).
    public var silenceThreshold: Float { max(threshold - 0.15, 0.01) }
    func samples(ms: Int) -> Int { ms * sampleRate / 1000 }
}

/// One detected utterance: its PCM (preroll included) and where it lies in the stream.
public struct Utterance: Sendable, Equatable {
    /// 16 kHz mono samples from `audioStartSample` (start minus preroll) to `endSample` plus the
    /// post-roll (the audio heard after the end of speech, up to `postroll`).
    public var samples: [Int16]
    public var audioStartSample: Int
    /// First sample of the first speech chunk.
    public var startSample: Int
    /// First sample after the last speech chunk.
    public var endSample: Int
    /// The utterance reached `max_utterance` and was cut.
    public var truncated: Bool
    public var stats: VADStats
    /// What the listening mode decided about it, on the audio front end's task in stream order
    /// (after every wake detection and window event up to its end); nil when nothing decided there.
    public var listening: ListeningGate.Decision?

    public init(samples: [Int16], audioStartSample: Int, startSample: Int, endSample: Int, truncated: Bool, stats: VADStats) {
        self.samples = samples
        self.audioStartSample = audioStartSample
        self.startSample = startSample
        self.endSample = endSample
        self.truncated = truncated
        self.stats = stats
    }

    public func seconds(_ sample: Int, rate: Int = 16_000) -> Double { Double(sample) / Double(rate) }
}

/// VAD figures over an utterance's chunks (start to end).
public struct VADStats: Sendable, Equatable {
    public var chunks = 0
    public var speechChunks = 0
    public var meanProbability: Float = 0
    public var maxProbability: Float = 0
    public init() {}
}

/// What the segmenter asks its owner to do after a chunk.
public enum SegmenterAction: Sendable, Equatable {
    /// Speech began at this sample (emitted once it lasted `min_speech`).
    case speechStarted(atSample: Int)
    /// Speech ended at this sample (emitted after `end_silence` of silence, or at the cap).
    case speechStopped(atSample: Int)
    case utterance(Utterance)
}

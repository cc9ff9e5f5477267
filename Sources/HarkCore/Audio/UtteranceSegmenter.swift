/// Endpointing as a value-type state machine: fed one chunk of 16 kHz PCM with its VAD speech
/// probability at a time, it returns what happened (speech started/stopped, an utterance).
///
/// States: idle → (a chunk ≥ threshold) candidate → (speech lasted `min_speech`) speaking →
/// (`end_silence` of chunks < threshold − 0.15) idle, emitting the utterance. A candidate that
/// falls silent before `min_speech` is dropped. Speech longer than `max_utterance` is cut.
/// Times are sample indices since the first chunk fed (or the last ``reset()``).
public struct UtteranceSegmenter: Sendable {
    public let settings: EndpointingSettings

    private enum State: Sendable { case idle, candidate, speaking }
    private var state = State.idle
    /// Samples fed so far.
    public private(set) var position = 0
    /// The last `preroll` samples while idle; the utterance so far while speaking.
    private var buffer: [Int16] = []
    private var bufferStart = 0
    private var speechStart = 0
    /// Start of the current run of silent chunks (while speaking), if any.
    private var silenceStart: Int?
    /// Start of speech that resumed after `silenceStart` (not yet long enough to cancel it).
    private var resumeStart: Int?
    /// End of the last speech chunk.
    private var lastSpeechEnd = 0
    private var stats = VADStats()
    private var probabilitySum: Float = 0

    public init(settings: EndpointingSettings) {
        self.settings = settings
        buffer.reserveCapacity(settings.samples(ms: settings.maxUtteranceMs + settings.prerollMs) + settings.chunkSamples)
    }

    public var isSpeaking: Bool { state == .speaking }

    /// Feeds one chunk (normally 512 samples) and its speech probability.
    public mutating func process<C: Collection<Int16>>(_ chunk: C, probability p: Float) -> [SegmenterAction] {
        let chunkStart = position
        position += chunk.count
        buffer.append(contentsOf: chunk)
        var actions: [SegmenterAction] = []
        let speech = p >= settings.threshold
        let silence = p < settings.silenceThreshold

        switch state {
        case .idle:
            if speech {
                state = .candidate
                speechStart = chunkStart
                silenceStart = nil
                stats = VADStats()
                probabilitySum = 0
                count(p, speech: true)
                lastSpeechEnd = position
                if position - speechStart >= settings.samples(ms: settings.minSpeechMs) { start(&actions) }
            }
        case .candidate:
            if silence {
                state = .idle
            } else {
                count(p, speech: speech)
                if speech { lastSpeechEnd = position }
                if position - speechStart >= settings.samples(ms: settings.minSpeechMs) { start(&actions) }
            }
        case .speaking:
            count(p, speech: speech)
            if speech {
                lastSpeechEnd = position
                // Speech after silence began must last `min_speech` to cancel the silence: a short
                // blip (a click, a breath) neither extends the utterance nor delays its end.
                if silenceStart != nil {
                    if resumeStart == nil { resumeStart = chunkStart }
                    if position - resumeStart! >= settings.samples(ms: settings.minSpeechMs) {
                        silenceStart = nil
                        resumeStart = nil
                    }
                }
            } else if silence {
                resumeStart = nil
                if silenceStart == nil { silenceStart = chunkStart }
            }
            if let s = silenceStart, resumeStart == nil, position - s >= settings.samples(ms: settings.endSilenceMs) {
                finish(end: s, truncated: false, &actions)
            } else if position - speechStart >= settings.samples(ms: settings.maxUtteranceMs) {
                finish(end: position, truncated: true, &actions)
            }
        }
        if state != .speaking { trimToPreroll() }
        return actions
    }

    /// Ends an utterance in progress (end of file, capture gap) and forgets buffered audio.
    public mutating func flush() -> [SegmenterAction] {
        var actions: [SegmenterAction] = []
        if state == .speaking { finish(end: silenceStart ?? lastSpeechEnd, truncated: false, &actions) }
        state = .idle
        buffer.removeAll(keepingCapacity: true)
        bufferStart = position
        return actions
    }

    /// Skips `samples` of missing audio (a capture gap): ends any utterance first.
    public mutating func skip(samples: Int) -> [SegmenterAction] {
        let actions = flush()
        position += samples
        bufferStart = position
        return actions
    }

    private mutating func count(_ p: Float, speech: Bool) {
        stats.chunks += 1
        if speech { stats.speechChunks += 1 }
        probabilitySum += p
        stats.maxProbability = max(stats.maxProbability, p)
    }

    private mutating func start(_ actions: inout [SegmenterAction]) {
        state = .speaking
        silenceStart = nil
        resumeStart = nil
        actions.append(.speechStarted(atSample: speechStart))
    }

    private mutating func finish(end: Int, truncated: Bool, _ actions: inout [SegmenterAction]) {
        let audioStart = max(bufferStart, speechStart - settings.samples(ms: settings.prerollMs))
        let from = audioStart - bufferStart
        let to = max(from, min(end + settings.samples(ms: settings.postrollMs) - bufferStart, buffer.count))
        var s = stats
        s.meanProbability = s.chunks > 0 ? probabilitySum / Float(s.chunks) : 0
        actions.append(.speechStopped(atSample: end))
        actions.append(.utterance(Utterance(
            samples: Array(buffer[from..<to]), audioStartSample: audioStart, startSample: speechStart,
            endSample: end, truncated: truncated, stats: s)))
        state = .idle
        silenceStart = nil
        resumeStart = nil
    }

    /// While not speaking keep only the preroll plus the candidate's audio.
    private mutating func trimToPreroll() {
        let keepFrom = state == .candidate
            ? speechStart - settings.samples(ms: settings.prerollMs)
            : position - settings.samples(ms: settings.prerollMs)
        let drop = keepFrom - bufferStart
        if drop > 0 {
            buffer.removeFirst(min(drop, buffer.count))
            bufferStart = position - buffer.count
        }
    }
}

import HarkCore
import Testing

/// The endpointing state machine fed with scripted VAD probabilities (one per 512-sample chunk = 32 ms).
@Suite struct AudioSegmenterTests {
    /// Feeds chunks whose samples are their chunk index (so PCM boundaries are checkable).
    func run(_ probabilities: [Float], _ settings: EndpointingSettings = EndpointingSettings(),
             flush: Bool = false) -> (actions: [(chunk: Int, action: SegmenterAction)], segmenter: UtteranceSegmenter) {
        var s = UtteranceSegmenter(settings: settings)
        var out: [(Int, SegmenterAction)] = []
        for (i, p) in probabilities.enumerated() {
            let chunk = [Int16](repeating: Int16(i), count: 512)
            out += s.process(chunk, probability: p).map { (i, $0) }
        }
        if flush { out += s.flush().map { (probabilities.count, $0) } }
        return (out, s)
    }

    func utterances(_ a: [(chunk: Int, action: SegmenterAction)]) -> [Utterance] {
        a.compactMap { if case let .utterance(u) = $0.action { u } else { nil } }
    }

    @Test func speechBetweenSilencesBecomesOneUtteranceWithPreroll() throws {
        // 20 silent chunks, 30 speech chunks (960 ms), 40 silent.
        let p = [Float](repeating: 0.02, count: 20) + [Float](repeating: 0.9, count: 30) + [Float](repeating: 0.02, count: 40)
        let (actions, _) = run(p)
        // Starts once 250 ms (8 chunks) of speech: reported at chunk 27, dated at chunk 20.
        #expect(actions.first?.chunk == 27)
        #expect(actions.first?.action == .speechStarted(atSample: 20 * 512))
        // Ends after 500 ms of silence: 16 chunks after chunk 50 → decided at chunk 65, dated at chunk 50.
        let stop = actions.first { if case .speechStopped = $0.action { true } else { false } }
        #expect(stop?.chunk == 65)
        #expect(stop?.action == .speechStopped(atSample: 50 * 512))
        let u = try #require(utterances(actions).first)
        #expect(utterances(actions).count == 1)
        #expect(u.startSample == 20 * 512 && u.endSample == 50 * 512 && !u.truncated)
        // 300 ms preroll = 4800 samples = 9.375 chunks before the start.
        #expect(u.audioStartSample == 20 * 512 - 4800)
        #expect(u.samples.count == 50 * 512 - (20 * 512 - 4800))
        #expect(u.samples.first == 10 && u.samples.last == 49)
        #expect(u.stats.speechChunks == 30)
        #expect(u.stats.maxProbability == 0.9)
    }

    @Test func aBlipShorterThanMinSpeechIsIgnored() {
        let p = [Float](repeating: 0.0, count: 10) + [Float](repeating: 0.95, count: 5) + [Float](repeating: 0.0, count: 40)
        #expect(run(p).actions.isEmpty)
    }

    @Test func shortPausesDoNotSplitAnUtterance() {
        // 400 ms pause (12 chunks) < 500 ms end_silence.
        let speech = [Float](repeating: 0.8, count: 20)
        let p = [Float](repeating: 0, count: 5) + speech + [Float](repeating: 0.05, count: 12) + speech + [Float](repeating: 0, count: 30)
        let us = utterances(run(p).actions)
        #expect(us.count == 1)
        #expect(us.first?.startSample == 5 * 512 && us.first?.endSample == 57 * 512)
    }

    @Test func aBlipAfterSpeechEndsNeitherExtendsNorDelaysTheUtterance() {
        // Speech to chunk 30, silence, a 5-chunk (160 ms) blip at 36, silence again.
        let p = [Float](repeating: 0, count: 5) + [Float](repeating: 0.9, count: 25) + [Float](repeating: 0, count: 6)
            + [Float](repeating: 0.7, count: 5) + [Float](repeating: 0, count: 30)
        let (actions, _) = run(p)
        let us = utterances(actions)
        #expect(us.count == 1)
        #expect(us.first?.endSample == 30 * 512)
        // Decided 500 ms after the first silent chunk, as without the blip.
        #expect(actions.last?.chunk == 45)
    }

    @Test func speechResumingForMinSpeechContinuesTheUtterance() {
        let p = [Float](repeating: 0, count: 5) + [Float](repeating: 0.9, count: 25) + [Float](repeating: 0, count: 6)
            + [Float](repeating: 0.9, count: 9) + [Float](repeating: 0, count: 30)
        let us = utterances(run(p).actions)
        #expect(us.count == 1)
        #expect(us.first?.endSample == 45 * 512)
    }

    @Test func probabilitiesBetweenTheThresholdsNeitherStartNorEndSilence() {
        // 0.4 is below 0.5 (not speech) but above 0.35 (not silence): it keeps an utterance going.
        let p = [Float](repeating: 0, count: 5) + [Float](repeating: 0.9, count: 10) + [Float](repeating: 0.4, count: 40)
            + [Float](repeating: 0, count: 20)
        let us = utterances(run(p).actions)
        #expect(us.count == 1)
        #expect(us.first?.endSample == 55 * 512)
        #expect(run([Float](repeating: 0.4, count: 100)).actions.isEmpty)
    }

    @Test func longSpeechIsCutAtMaxUtterance() {
        let settings = EndpointingSettings(maxUtteranceMs: 3200)  // 100 chunks
        let p = [Float](repeating: 0, count: 10) + [Float](repeating: 0.9, count: 250)
        let us = utterances(run(p, settings).actions)
        #expect(us.count == 2)
        #expect(us.allSatisfy { $0.truncated })
        #expect(us[0].startSample == 10 * 512 && us[0].endSample == 110 * 512)
        #expect(us[1].startSample == 110 * 512)
    }

    @Test func flushEndsAnUtteranceInProgressAtItsLastSpeech() throws {
        let p = [Float](repeating: 0, count: 10) + [Float](repeating: 0.9, count: 20) + [Float](repeating: 0, count: 5)
        let (actions, _) = run(p, flush: true)
        let u = try #require(utterances(actions).first)
        #expect(u.endSample == 30 * 512)
    }

    @Test func aCaptureGapEndsTheUtteranceAndShiftsPositions() {
        var s = UtteranceSegmenter(settings: EndpointingSettings())
        let chunk = [Int16](repeating: 1, count: 512)
        for _ in 0..<20 { _ = s.process(chunk, probability: 0.9) }
        let cut = s.skip(samples: 16_000)
        #expect(cut.contains(.speechStopped(atSample: 20 * 512)))
        #expect(s.position == 20 * 512 + 16_000)
        #expect(!s.isSpeaking)
        var later: [SegmenterAction] = []
        for _ in 0..<10 { later += s.process(chunk, probability: 0.9) }
        #expect(later.first == .speechStarted(atSample: 20 * 512 + 16_000))
        let u = utterances(s.flush().map { (0, $0) }).first
        #expect(u?.audioStartSample == 20 * 512 + 16_000)  // no preroll from before the gap
    }
}

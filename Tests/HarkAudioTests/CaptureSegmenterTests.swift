import Foundation
import HarkAudio
import HarkCore
import Testing

/// A loudness VAD for the segmentation plumbing: speech when the chunk's RMS is above a level.
private final class LoudnessDetector: SpeechDetector {
    func probability(_ chunk: UnsafeBufferPointer<Float>) -> Float {
        (chunk.reduce(0) { $0 + $1 * $1 } / Float(chunk.count)).squareRoot() > 0.05 ? 0.95 : 0.02
    }
    func reset() {}
}

/// The front end's shared per-frame work: pieces at VAD chunk boundaries, observer before the VAD,
/// holes in the frame positions become counted gaps.
@Suite struct CaptureSegmenterTests {
    /// 1 s silence, 1 s tone, 1 s silence.
    static let signal: [Int16] = (0..<48_000).map { (i: Int) -> Int16 in
        guard (16_000..<32_000).contains(i) else { return 0 }
        let phase: Double = Double(i) * 2 * Double.pi * 440 / 16_000
        return Int16(8000 * sin(phase))
    }

    func run(period: Int, dropping hole: Range<Int>? = nil) -> (actions: [SegmenterAction], pieces: [Int], s: CaptureSegmenter) {
        let s = CaptureSegmenter(vad: ChunkedVAD(detector: LoudnessDetector()), endpointing: EndpointingSettings(postrollMs: 200))
        var actions: [SegmenterAction] = []
        var pieces: [Int] = []
        var position = 0
        while position < Self.signal.count {
            let end = min(Self.signal.count, position + period)
            if let hole, hole.contains(position) {
                position = end
                continue
            }
            s.consume(CapturedFrames(samples: Array(Self.signal[position..<end]), startFrame: position),
                      observe: { pieces.append($0.startFrame + $0.samples.count) }, handle: { actions += $0 })
            position = end
        }
        s.flush { actions += $0 }
        return (actions, pieces, s)
    }

    @Test func piecesEndAtChunkBoundariesAndTheResultDoesNotDependOnThePeriod() {
        let reference = run(period: 512)
        #expect(reference.actions.count == 3, "\(reference.actions)")
        for period in [100, 700, 4096] {
            let other = run(period: period)
            #expect(other.actions == reference.actions, "period \(period)")
            // Every VAD chunk boundary is the end of an observed piece.
            #expect(Set(stride(from: 512, through: 47_616, by: 512)).isSubset(of: Set(other.pieces)), "period \(period)")
        }
    }

    @Test func theUtteranceKeepsThePostroll() throws {
        let u = try #require(run(period: 512).actions.compactMap { if case let .utterance(u) = $0 { u } else { nil } }.first)
        #expect(u.samples.count == u.endSample + 3200 - u.audioStartSample)
    }

    @Test func aHoleInTheFramePositionsIsACountedGapThatEndsTheUtterance() {
        // Lose 2048 frames in the middle of the tone.
        let r = run(period: 512, dropping: 24_576..<26_624)
        #expect(r.s.discontinuities == 1 && r.s.missedFrames == 2048)
        let utterances = r.actions.compactMap { if case let .utterance(u) = $0 { u } else { nil } }
        #expect(utterances.count == 2, "\(r.actions)")
        #expect(utterances.first?.endSample ?? .max <= 24_576)
        #expect(utterances.last.map { $0.startSample >= 26_624 } == true)
    }
}

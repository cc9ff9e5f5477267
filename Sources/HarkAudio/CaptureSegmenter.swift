import HarkCore

/// The audio front end's work on captured frames, shared by the daemon (``AudioFrontEnd``) and by
/// recordings (`hark listen`, `VoiceFileRunner`), so both make the same decisions on the same
/// audio whatever size the runs of frames come in.
///
/// Frames are cut at the VAD's 512-sample chunk boundaries (counted on the audio clock). For each
/// piece, the frames observer (wake-word spotter, listening clock) runs first, then Silero VAD and
/// endpointing on the chunk that piece completes. So a wake detection inside a chunk always
/// reaches the listening gate before any utterance that chunk ends, with 160-, 512- or
/// 4096-frame capture periods alike: every decision is on audio time (sample counts), never on
/// how the audio happened to arrive.
///
/// One per audio stream, used from one task. A run of frames that starts after where the previous one ended (periods lost before they got
/// here) is a gap: the VAD forgets its state, endpointing skips the missing samples (an utterance
/// in progress ends), and `missedFrames` counts them, so positions stay on the capture clock.
public final class CaptureSegmenter {
    private var vad: ChunkedVAD?
    private var segmenter: UtteranceSegmenter
    /// The next capture frame expected.
    public private(set) var expectedFrame = 0
    /// Frames that never arrived (discontinuities and reported gaps).
    public private(set) var missedFrames = 0
    /// Discontinuities seen in the frame positions (lost periods).
    public private(set) var discontinuities = 0

    /// `vad` nil: frames are observed but not segmented.
    public init(vad: ChunkedVAD?, endpointing: EndpointingSettings) {
        self.vad = vad
        segmenter = UtteranceSegmenter(settings: endpointing)
    }

    public var segments: Bool { vad != nil }

    /// Feeds a run of captured frames. `observe` sees every piece (in order, before the VAD hears
    /// it); `handle` gets the endpointing actions. Returns the frames missing before `f` (0 when
    /// it follows on).
    @discardableResult
    public func consume(_ f: CapturedFrames, observe: (CapturedFrames) -> Void,
                                 handle: ([SegmenterAction]) -> Void) -> Int {
        var missing = 0
        if f.startFrame > expectedFrame {
            missing = f.startFrame - expectedFrame
            discontinuities += 1
            gap(missed: missing, handle: handle)
        }
        expectedFrame = max(expectedFrame, f.startFrame + f.samples.count)
        guard vad != nil else {
            observe(f)
            return missing
        }
        var offset = 0
        while offset < f.samples.count {
            let take = min(f.samples.count - offset, ChunkedVAD.chunk - vad!.pendingCount)
            let piece = offset == 0 && take == f.samples.count
                ? f : CapturedFrames(samples: Array(f.samples[offset..<(offset + take)]), startFrame: f.startFrame + offset)
            observe(piece)
            vad!.feed(piece.samples) { chunk, p in handle(self.segmenter.process(chunk, probability: p)) }
            offset += take
        }
        return missing
    }

    /// `missed` frames were not captured (device gone, periods lost): the VAD forgets its state
    /// and endpointing skips them.
    public func gap(missed: Int, handle: ([SegmenterAction]) -> Void) {
        guard missed > 0 else { return }
        missedFrames += missed
        vad?.reset()
        if vad != nil { handle(segmenter.skip(samples: missed)) }
    }

    /// A gap reported by capture (its frame positions already moved on by `missed`).
    public func reportedGap(missed: Int, handle: ([SegmenterAction]) -> Void) {
        expectedFrame += missed
        gap(missed: missed, handle: handle)
    }

    /// The end of the stream: an utterance in progress ends.
    public func flush(handle: ([SegmenterAction]) -> Void) {
        if vad != nil { handle(segmenter.flush()) }
    }
}

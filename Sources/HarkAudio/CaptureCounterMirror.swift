import HarkCore

/// Copies the capture thread's atomic counters into the daemon's named counters as deltas
/// (`audio_overruns`, `audio_suspends`, `audio_dropped_periods`, `audio_dropped_frames`,
/// `audio_reopens`, `audio_captured_frames`, `audio_capture_waits`).
struct CaptureCounterMirror {
    private let targets: [Counter]
    private var last: [Int]

    init(_ c: Counters) {
        targets = ["audio_overruns", "audio_suspends", "audio_dropped_periods", "audio_dropped_frames",
                   "audio_reopens", "audio_captured_frames", "audio_capture_waits"].map { c.counter($0) }
        last = Array(repeating: 0, count: targets.count)
    }

    mutating func update(from c: CaptureCounters) {
        let now = [c.overruns.load(ordering: .relaxed), c.suspends.load(ordering: .relaxed),
                   c.droppedPeriods.load(ordering: .relaxed), c.droppedFrames.load(ordering: .relaxed),
                   c.reopens.load(ordering: .relaxed), c.capturedFrames.load(ordering: .relaxed),
                   c.waits.load(ordering: .relaxed)]
        for i in targets.indices where now[i] > last[i] { targets[i].increment(by: now[i] - last[i]) }
        last = now
    }
}

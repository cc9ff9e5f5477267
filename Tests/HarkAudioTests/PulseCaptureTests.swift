import Foundation
import HarkAudio
import HarkTestSupport
import Logging
import Synchronization
import Testing

/// Paced capture through alsa-lib's pulse plugin from a private PulseAudio null sink.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PulseCaptureTests {
    @Test func captureKeepsRealTime() async throws {
        let server = try PulseServer()
        defer { server.kill() }
        let capture = AudioCapture(options: CaptureOptions(device: "harkpulse", extraConfig: server.alsaConfig),
                                   logger: Logger(label: "test"))
        capture.start()
        // Measured on the capture thread's own count (not on when this task gets scheduled, which a
        // loaded machine delays): frames read over 4 s of wall time after a 0.5 s warm-up.
        let consumer = Task { for await _ in capture.events {} }
        let ((frames, elapsed), lateness) = try await TimerLateness.measure {
            try await Task.sleep(for: .milliseconds(500))
            let f0 = capture.counters.capturedFrames.load(ordering: .relaxed)
            let t0 = ContinuousClock.now
            try await Task.sleep(for: .seconds(4))
            return (capture.counters.capturedFrames.load(ordering: .relaxed) - f0, ContinuousClock.now - t0)
        }
        capture.stop()
        await consumer.value
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let ratio = Double(frames) / 16_000 / seconds
        // Paced: about one second of audio per second (the unpaced file plugin gives ~100×), within
        // one ALSA buffer (256 ms) of slack over the window.
        print("timing: PulseCaptureTests.captureKeepsRealTime: ratio \(ratio) over \(seconds) s, timer lateness \(TimerLateness.ms(lateness)) ms")
        #expect(ratio > 0.92 && ratio < 1.08, "captured \(frames) frames in \(seconds) s (ratio \(ratio))")
        // Dropped periods mean this test's consumer task fell behind, not the capture: the queue
        // holds 64 periods of 512 frames (2.048 s). A consumer on the cooperative pool can only
        // fall that far behind if the pool was held up about that long, which the lateness probe
        // (on the same pool, over the same time) measures. Below half of it (the probe and the
        // consumer queue behind different jobs on the pool, so one may wait longer than the other)
        // nothing may be dropped.
        let queued = Duration.milliseconds(64 * 512 * 1000 / 16_000)
        let dropped = capture.counters.droppedPeriods.load(ordering: .relaxed)
        #expect(dropped == 0 || lateness * 2 >= queued,
                "\(dropped) periods dropped though the pool was never held up more than \(lateness)")
    }

    @Test func captureSurvivesTheServerGoingAwayAndComingBack() async throws {
        let server = try PulseServer()
        defer { server.kill() }
        let states = Mutex<[CaptureState]>([])
        let beats = Atomic<Int>(0)
        let capture = AudioCapture(
            options: CaptureOptions(device: "harkpulse", reopenMin: .milliseconds(50), reopenMax: .milliseconds(200),
                                    extraConfig: server.alsaConfig),
            logger: Logger(label: "test"), beat: { beats.add(1, ordering: .relaxed) },
            onState: { s in states.withLock { $0.append(s) } })
        capture.start()
        var framesBefore = 0, framesAfter = 0
        var gap: (Duration, Int)?
        var killedAt: ContinuousClock.Instant?
        var beatsWhileGone = 0
        for await event in capture.events {
            switch event {
            case let .frames(f):
                if gap == nil { framesBefore += f.samples.count } else { framesAfter += f.samples.count }
            case let .gap(d, missed):
                gap = (d, missed)
            }
            if killedAt == nil, framesBefore >= 16_000 {
                server.kill()
                killedAt = .now
                let b0 = beats.load(ordering: .relaxed)
                try await Task.sleep(for: .milliseconds(700))  // gone for a while: capture must keep beating
                beatsWhileGone = beats.load(ordering: .relaxed) - b0
                try server.start()
            }
            if framesAfter >= 16_000 { break }
        }
        capture.stop()
        let seen = states.withLock { $0 }
        #expect(seen.contains { if case let .degraded(why) = $0 { why.contains("harkpulse") } else { false } })
        #expect(seen.filter { if case .running = $0 { true } else { false } }.count >= 2)
        let (gapDuration, missed) = try #require(gap)
        #expect(gapDuration >= .milliseconds(500))
        #expect(missed >= 8_000)
        #expect(beatsWhileGone > 5)
        #expect(capture.counters.reopens.load(ordering: .relaxed) == 1)
    }
}

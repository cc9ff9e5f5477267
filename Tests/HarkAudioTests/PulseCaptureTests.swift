import Foundation
import HarkAudio
import Logging
import Synchronization
import Testing

/// Paced capture through alsa-lib's pulse plugin from a private PulseAudio null sink.
@Suite(.serialized) struct PulseCaptureTests {
    @Test func captureKeepsRealTime() async throws {
        let server = try PulseServer()
        defer { server.kill() }
        let capture = AudioCapture(options: CaptureOptions(device: "harkpulse", extraConfig: server.alsaConfig),
                                   logger: Logger(label: "test"))
        capture.start()
        var frames = 0
        var first: ContinuousClock.Instant?
        var elapsed = Duration.zero
        for await case let .frames(f) in capture.events {
            if first == nil { first = .now; continue }  // skip the startup burst of the first period
            frames += f.samples.count
            elapsed = ContinuousClock.now - first!
            if elapsed >= .seconds(3) { break }
        }
        capture.stop()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let ratio = Double(frames) / 16_000 / seconds
        // Paced: about one second of audio per second (not the unpaced file plugin's burst).
        #expect(ratio > 0.9 && ratio < 1.1, "captured \(frames) frames in \(seconds) s (ratio \(ratio))")
        #expect(capture.counters.droppedPeriods.load(ordering: .relaxed) == 0)
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

import Foundation
import HarkAudio
import Logging
import Testing

/// Capture through real alsa-lib: a `plug` PCM over the `file` plugin whose `infile` is a real
/// recording, so the samples read back must be exactly the recording's.
@Suite struct FilePluginCaptureTests {
    static func fileDevice(_ raw: URL) -> String {
        """
        pcm.harktest {
            type plug
            slave.pcm { type file; slave.pcm "null"; file "/dev/null"; format "raw"; infile "\(raw.path)" }
        }
        """
    }

    func capture(_ options: CaptureOptions) async -> (samples: [Int16], starts: [Int], capture: AudioCapture) {
        let capture = AudioCapture(options: options, logger: Logger(label: "test"))
        capture.start()
        var samples: [Int16] = []
        var starts: [Int] = []
        for await event in capture.events {
            if case let .frames(f) = event {
                starts.append(f.startFrame)
                samples += f.samples
            }
        }
        return (samples, starts, capture)
    }

    @Test func capturesTheExactSamplesOfARealRecording() async throws {
        let recording = try TestAudio.wavSamples("\(TestAudio.dataDir)/librivox/sense_and_sensibility_01_austen_64kb-0870.wav")
        let dir = try TestAudio.tempDir()
        let raw = dir.appendingPathComponent("in.raw")
        try TestAudio.writeRaw(recording, to: raw)
        // Unpaced, no end of file: bound the frames, and make the queue big enough to hold them all.
        let options = CaptureOptions(device: "harktest", periodFrames: 512, bufferFrames: 4096,
                                     queuePeriods: recording.count / 256 + 8,
                                     extraConfig: Self.fileDevice(raw), frameLimit: recording.count)
        let (samples, starts, capture) = await capture(options)
        #expect(samples.count == recording.count)
        #expect(samples == recording)
        #expect(starts.first == 0)
        #expect(capture.counters.droppedPeriods.load(ordering: .relaxed) == 0)
        #expect(capture.counters.capturedFrames.load(ordering: .relaxed) == recording.count)
    }

    @Test func aFullQueueDropsTheOldestPeriodsAndCountsThem() async throws {
        let recording = try TestAudio.wavSamples("\(TestAudio.dataDir)/cards/001.wav")
        let dir = try TestAudio.tempDir()
        let raw = dir.appendingPathComponent("in.raw")
        try TestAudio.writeRaw(recording, to: raw)
        let options = CaptureOptions(device: "harktest", periodFrames: 512, bufferFrames: 4096, queuePeriods: 4,
                                     extraConfig: Self.fileDevice(raw), frameLimit: 16 * 512)
        let capture = AudioCapture(options: options, logger: Logger(label: "test"))
        capture.start()
        // The consumer starts only after the thread has read everything: only the newest 4 periods stay.
        while capture.counters.capturedFrames.load(ordering: .relaxed) < 16 * 512 { try await Task.sleep(for: .milliseconds(5)) }
        var got = 0
        for await case let .frames(f) in capture.events { got += f.samples.count }
        let dropped = capture.counters.droppedFrames.load(ordering: .relaxed)
        #expect(got + dropped == capture.counters.capturedFrames.load(ordering: .relaxed))
        #expect(got <= 4 * 512)
        #expect(dropped > 0)
    }

    @Test func withBackpressureASlowConsumerGetsEverySampleInOrder() async throws {
        let recording = try TestAudio.wavSamples("\(TestAudio.dataDir)/cards/001.wav")
        let dir = try TestAudio.tempDir()
        let raw = dir.appendingPathComponent("in.raw")
        try TestAudio.writeRaw(recording, to: raw)
        var options = CaptureOptions(device: "harktest", periodFrames: 512, bufferFrames: 4096, queuePeriods: 4,
                                     extraConfig: Self.fileDevice(raw), frameLimit: 16 * 512)
        options.backpressure = true
        let capture = AudioCapture(options: options, logger: Logger(label: "test"))
        capture.start()
        // The same unpaced source and small queue that drops without backpressure: the consumer
        // starts late and is slow, and still gets all 16 periods, contiguous.
        try await Task.sleep(for: .milliseconds(300))
        var samples: [Int16] = []
        var next = 0
        for await case let .frames(f) in capture.events {
            capture.consumed()
            #expect(f.startFrame == next)
            next = f.startFrame + f.samples.count
            samples += f.samples
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(samples == Array(recording.prefix(16 * 512)))
        #expect(capture.counters.droppedPeriods.load(ordering: .relaxed) == 0)
        #expect(capture.counters.waits.load(ordering: .relaxed) > 0)
    }

    @Test func anUnknownDeviceNamesTheDevicesThatExist() throws {
        #expect {
            _ = try ALSAProbe.openCapture("no_such_mic_here")
        } throws: { error in
            guard let e = error as? ALSAError, case let .unknownDevice(available) = e.kind else { return false }
            return e.function == "snd_pcm_open" && e.description.contains("no_such_mic_here")
                && available.contains("null") && e.description.contains("Capture devices here:")
        }
    }
}

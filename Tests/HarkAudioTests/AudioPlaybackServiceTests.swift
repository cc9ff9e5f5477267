import Foundation
import HarkAudio
import HarkCore
import Logging
import Testing

/// The playback service as the daemon runs it, writing through real alsa-lib into the file plugin.
@Suite struct AudioPlaybackServiceTests {
    func run(chimes: Bool) async throws -> (written: [Int16], service: AudioPlaybackService) {
        let dir = try TestAudio.tempDir()
        let out = dir.appendingPathComponent("out.raw")
        let config = """
            pcm.harkout { type plug; slave.pcm { type file; slave.pcm "null"; file "\(out.path)"; format "raw" } }
            """
        let service = AudioPlaybackService(options: .init(device: "harkout", chimeVolume: 0.5, extraConfig: config),
                                           chimes: chimes, logger: Logger(label: "test"))
        let task = Task { try await service.run() }
        service.enqueue(.chime(.listening))
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()  // like a graceful shutdown: queued requests are played, the thread joined
        try await task.value
        let data = (try? Data(contentsOf: out)) ?? Data()
        let written = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        return (written, service)
    }

    @Test func aChimeIsPlayedAndShutdownJoinsTheThread() async throws {
        let (written, service) = try await run(chimes: true)
        let chime = Chime.listening.samples(volume: 0.5)
        #expect(service.playback.played.load(ordering: .relaxed) == 1)
        #expect(written.count >= chime.count)
        #expect(Array(written.prefix(chime.count)) == chime)
    }

    @Test func chimesOffIgnoresChimeRequests() async throws {
        let (written, service) = try await run(chimes: false)
        #expect(service.playback.played.load(ordering: .relaxed) == 0)
        #expect(written.allSatisfy { $0 == 0 })
    }
}

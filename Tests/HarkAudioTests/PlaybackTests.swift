import Foundation
import HarkAudio
import HarkCore
import Logging
import Testing

/// Playback through real alsa-lib into the `file` plugin: what reaches the device is checked.
@Suite struct PlaybackTests {
    func device(_ out: URL) -> String {
        """
        pcm.harkout { type plug; slave.pcm { type file; slave.pcm "null"; file "\(out.path)"; format "raw" } }
        """
    }

    func raw(_ url: URL) throws -> [Int16] {
        let d = try Data(contentsOf: url)
        return d.withUnsafeBytes { r in (0..<(d.count / 2)).map { r.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self) } }
    }

    @Test func aChimeReachesTheDeviceSampleForSample() throws {
        let out = try TestAudio.tempDir().appendingPathComponent("out.raw")
        let p = AudioPlayback(options: .init(device: "harkout", chimeVolume: 0.3, extraConfig: device(out)),
                              logger: Logger(label: "test"))
        p.enqueue(.chime(.listening))
        p.finish()
        let written = try raw(out)
        let expected = Chime.listening.samples(volume: 0.3)
        #expect(p.played.load(ordering: .relaxed) == 1)
        #expect(written.count >= expected.count)
        #expect(Array(written.prefix(expected.count)) == expected)
        #expect(expected.map { abs(Int($0)) }.max()! > 9000)  // 0.3 of full scale
    }

    @Test func espeakSpeechIsPlayed() throws {
        let out = try TestAudio.tempDir().appendingPathComponent("out.raw")
        let p = AudioPlayback(options: .init(device: "harkout", extraConfig: device(out)), logger: Logger(label: "test"))
        p.enqueue(.speak("The kitchen light is on."))
        p.finish()
        let written = try raw(out)
        #expect(p.failures.load(ordering: .relaxed) == 0)
        #expect(written.count > 22_050 / 2)  // more than half a second of speech at espeak-ng's 22.05 kHz
        #expect(written.map { abs(Int($0)) }.max()! > 1000)
    }

    @Test func aMissingDeviceOrTTSIsLoggedNotFatal() throws {
        let p = AudioPlayback(options: .init(device: "no_such_speaker", ttsCommand: ["/nonexistent/tts"]),
                              logger: Logger(label: "test"))
        p.enqueue(.chime(.error))
        p.enqueue(.speak("hello"))
        p.finish()
        #expect(p.failures.load(ordering: .relaxed) == 2)
        #expect(p.played.load(ordering: .relaxed) == 0)
    }
}

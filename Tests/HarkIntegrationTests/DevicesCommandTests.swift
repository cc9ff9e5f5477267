import Foundation
import HarkTestSupport
import Testing

/// `hark devices` against the real alsa-lib of this machine.
@Suite struct DevicesCommandTests {
    func run(_ args: [String]) throws -> (Int32?, String, String) {
        let p = try ChildProcess(executable: BinaryLocator.hark.path, arguments: args)
        let rc = p.wait(timeout: .seconds(20))
        return (rc, p.output(), p.errorOutput())
    }

    @Test func listsCaptureAndPlaybackDevicesLikeArecord() throws {
        let (rc, out, _) = try run(["devices"])
        #expect(rc == 0)
        let capture = out.components(separatedBy: "Playback devices:")[0]
        #expect(capture.hasPrefix("Capture devices:"))
        #expect(capture.contains("\nnull\n    Discard all samples"))
        #expect(out.contains("Playback devices:\n"))
    }

    @Test func checkOpensADeviceOrSaysWhichExist() throws {
        let (ok, out, _) = try run(["devices", "--check", "null"])
        #expect(ok == 0)
        #expect(out.contains("null: OK: 16000 Hz mono S16_LE"))
        let (rc, _, err) = try run(["devices", "--check", "no_such_mic"])
        #expect(rc == 1)
        #expect(err.contains("snd_pcm_open failed"))
        #expect(err.contains("Capture devices here: null"))
        #expect(!err.contains("ALSA lib "))
    }
}

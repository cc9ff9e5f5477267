import ArgumentParser
import HarkAudio

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List ALSA capture and playback devices (like `arecord -L` / `aplay -L`).",
        discussion: "Names go in [audio] device and [audio] output_device. With --check NAME, opens NAME for capture at 16 kHz mono S16_LE and reports what ALSA granted or why it refused.")

    @Flag(help: "Only capture devices.") var capture = false
    @Flag(help: "Only playback devices.") var playback = false
    @Option(name: .customLong("check"), help: "Open this capture device once and report.") var checkDevice: String?

    func run() throws {
        if let name = checkDevice {
            do {
                let granted = try ALSAProbe.openCapture(name)
                print("\(name): OK: 16000 Hz mono S16_LE, period \(granted.periodFrames) frames, buffer \(granted.bufferFrames) frames")
                return
            } catch {
                ConsoleOutput.error(error.description)
                throw ExitCode.failure
            }
        }
        let both = capture == playback
        if both || capture { section("Capture devices", ALSADevices.list(.capture)) }
        if both { print("") }
        if both || playback { section("Playback devices", ALSADevices.list(.playback)) }
    }

    private func section(_ title: String, _ devices: [ALSADevices.Device]) {
        print("\(title):")
        if devices.isEmpty { print("  (none)") }
        for d in devices {
            print(d.name)
            for line in d.description.split(separator: "\n") { print("    \(line)") }
        }
    }
}

import Foundation
import HarkTestSupport
import Testing

/// The real daemon with a capture device that does not exist: it still starts, says in its
/// systemd status line that audio is degraded (naming the device), logs the devices that do
/// exist through its own logger (no raw alsa-lib stderr lines), and stops cleanly while reopening.
@Suite struct DaemonAudioTests {
    @Test func aMissingMicDegradesAudioButNotTheDaemon() throws {
        let launch = try LaunchCost.measure()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hark-\(UUID().uuidString).toml")
        try """
            [device]
            id = "test-device"
            [audio]
            device = "no_such_mic"
            reopen_min = "50ms"
            reopen_max = "200ms"
            [mqtt]
            port = 1
            """.write(to: url, atomically: true, encoding: .utf8)
        let socket = try NotifySocket()
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socket.path
        env.removeValue(forKey: "JOURNAL_STREAM")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", url.path], environment: env)
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(20)), "no READY=1: \(daemon.errorOutput())")
        let degraded = socket.waitFor("audio degraded: no device no_such_mic", timeout: .seconds(20))
        #expect(degraded != nil, "status never said audio degraded: \(daemon.errorOutput())")
        Thread.sleep(forTimeInterval: 0.5)  // several reopen attempts
        #expect(daemon.isRunning)
        let log = daemon.errorOutput()
        #expect(log.contains("no_such_mic"))
        #expect(log.contains("Capture devices here:"))
        #expect(!log.contains("ALSA lib "), "raw alsa-lib chatter on stderr: \(log)")
        // Stopped within 3 s while reopening, plus what starting and ending the binary costs now.
        let stopLimit = Duration.seconds(3) + launch
        let stopAsked = ContinuousClock.now
        #expect(daemon.terminate(grace: stopLimit + .seconds(5)) == 0)
        let stopped = ContinuousClock.now - stopAsked
        TimerLateness.report("DaemonAudioTests.stop (launch cost \(TimerLateness.ms(launch)) ms)", took: stopped, limit: stopLimit,
                             lateness: .zero)
        #expect(stopped < stopLimit)
    }
}

import Foundation
import HarkTestSupport
import Testing

/// The real built `hark` binary, a real datagram socket as `$NOTIFY_SOCKET`, real signals.
@Suite struct DaemonLifecycleTests {
    private func writeConfig(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hark-\(UUID().uuidString).toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private static let validConfig = """
        [device]
        id = "test-device"
        [audio]
        enabled = false
        [mqtt]
        port = 1
        """

    private func start(_ config: String, socket: NotifySocket, extraEnv: [String: String] = [:]) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socket.path
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.merge(extraEnv) { $1 }
        return try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
    }

    /// Ready within 2 s and stopped within 3 s of SIGTERM, each plus what launching and ending
    /// the same binary costs right now (``LaunchCost``, measured first in this test): a loaded
    /// machine stretches exec and exit for any program; the daemon's own start-up and shut-down
    /// work must still fit in the 2 s and 3 s.
    @Test func readyWithinTwoSecondsAndStopsCleanlyOnSIGTERM() throws {
        let launch = try LaunchCost.measure()
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let readyLimit = Duration.seconds(2) + launch
        let started = ContinuousClock.now
        let daemon = try start(config, socket: socket)
        let ready = try #require(socket.waitFor("READY=1", timeout: readyLimit + .seconds(5)), "no READY=1: \(daemon.errorOutput())")
        TimerLateness.report("DaemonLifecycleTests.ready (launch cost \(TimerLateness.ms(launch)) ms)", took: ready.at - started,
                             limit: readyLimit, lateness: .zero)
        #expect(ready.at - started < readyLimit)
        #expect(ready.message.contains("STATUS="))

        let stopLimit = Duration.seconds(3) + launch
        let stopAsked = ContinuousClock.now
        daemon.signal(SIGTERM)
        #expect(socket.waitFor("STOPPING=1", timeout: stopLimit + .seconds(5)) != nil)
        let status = daemon.wait(timeout: stopLimit + .seconds(5))
        let stopped = ContinuousClock.now - stopAsked
        #expect(status == 0, "exit status \(String(describing: status)): \(daemon.errorOutput())")
        TimerLateness.report("DaemonLifecycleTests.stop (launch cost \(TimerLateness.ms(launch)) ms)", took: stopped, limit: stopLimit,
                             lateness: .zero)
        #expect(stopped < stopLimit)
    }

    @Test func sighupWithBrokenFileKeepsRunningAndLogsEveryProblem() throws {
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let daemon = try start(config, socket: socket)
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(20)))

        try """
            [mqtt]
            hots = "x"
            port = "1883"
            [[sensor]]
            name = "t"
            topic = "a/+b/c"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reloading = try #require(socket.waitFor("RELOADING=1", timeout: .seconds(20)))
        #expect(reloading.message.contains("MONOTONIC_USEC="))
        #expect(socket.waitFor("reload rejected", timeout: .seconds(20)) != nil)
        #expect(daemon.isRunning)
        let log = daemon.errorOutput()
        #expect(log.contains(":2: mqtt.hots: unknown key"))
        #expect(log.contains(":3: mqtt.port: must be an integer"))
        #expect(log.contains(":6: sensor[0].topic: '+' must fill a whole level"))
        #expect(log.contains("keeping the running config"))

        // A valid file applies.
        try Self.validConfig.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(socket.waitFor("config reloaded", timeout: .seconds(20)) != nil)
        #expect(daemon.terminate(grace: .seconds(20)) == 0)
    }

    @Test func invalidConfigRefusesToStartWithExitCode78() throws {
        let config = try writeConfig("[mqtt]\nport = \"x\"\n")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config])
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.errorOutput().contains(":2: mqtt.port: must be an integer"))
    }

    @Test func journalPrefixesUnderSystemd() throws {
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let daemon = try start(config, socket: socket, extraEnv: ["JOURNAL_STREAM": "8:12345"])
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(20)))
        #expect(daemon.terminate(grace: .seconds(20)) == 0)
        let lines = daemon.errorOutput().split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<") && $0.dropFirst(2).hasPrefix(">") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("<6>hark: starting") })
    }
}

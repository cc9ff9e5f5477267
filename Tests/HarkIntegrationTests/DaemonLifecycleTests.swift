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

    @Test func readyWithinTwoSecondsAndStopsCleanlyOnSIGTERM() throws {
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let started = ContinuousClock.now
        let daemon = try start(config, socket: socket)
        let ready = try #require(socket.waitFor("READY=1", timeout: .seconds(2)), "no READY=1 within 2 s: \(daemon.errorOutput())")
        #expect(ready.at - started < .seconds(2))
        #expect(ready.message.contains("STATUS="))

        let stopAsked = ContinuousClock.now
        daemon.signal(SIGTERM)
        #expect(socket.waitFor("STOPPING=1", timeout: .seconds(3)) != nil)
        let status = daemon.wait(timeout: .seconds(3))
        #expect(status == 0, "exit status \(String(describing: status)): \(daemon.errorOutput())")
        #expect(ContinuousClock.now - stopAsked < .seconds(3))
    }

    @Test func sighupWithBrokenFileKeepsRunningAndLogsEveryProblem() throws {
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let daemon = try start(config, socket: socket)
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(5)))

        try """
            [mqtt]
            hots = "x"
            port = "1883"
            [[sensor]]
            name = "t"
            topic = "a/+b/c"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reloading = try #require(socket.waitFor("RELOADING=1", timeout: .seconds(3)))
        #expect(reloading.message.contains("MONOTONIC_USEC="))
        #expect(socket.waitFor("reload rejected", timeout: .seconds(3)) != nil)
        #expect(daemon.isRunning)
        let log = daemon.errorOutput()
        #expect(log.contains(":2: mqtt.hots: unknown key"))
        #expect(log.contains(":3: mqtt.port: must be an integer"))
        #expect(log.contains(":6: sensor[0].topic: '+' must fill a whole level"))
        #expect(log.contains("keeping the running config"))

        // A valid file applies.
        try Self.validConfig.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(socket.waitFor("config reloaded", timeout: .seconds(3)) != nil)
        #expect(daemon.terminate(grace: .seconds(3)) == 0)
    }

    @Test func invalidConfigRefusesToStartWithExitCode78() throws {
        let config = try writeConfig("[mqtt]\nport = \"x\"\n")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config])
        #expect(daemon.wait(timeout: .seconds(10)) == 78)
        #expect(daemon.errorOutput().contains(":2: mqtt.port: must be an integer"))
    }

    @Test func journalPrefixesUnderSystemd() throws {
        let socket = try NotifySocket()
        let config = try writeConfig(Self.validConfig)
        let daemon = try start(config, socket: socket, extraEnv: ["JOURNAL_STREAM": "8:12345"])
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(5)))
        #expect(daemon.terminate(grace: .seconds(3)) == 0)
        let lines = daemon.errorOutput().split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<") && $0.dropFirst(2).hasPrefix(">") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("<6>hark: starting") })
    }
}

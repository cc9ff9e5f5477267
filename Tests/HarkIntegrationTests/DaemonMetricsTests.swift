import Foundation
import HarkCore
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// The running daemon's `GET /metrics` (checked by promtool), agreeing with `<prefix>/stats`, and
/// `hark status` reading it.
@Suite(.timeLimit(.minutes(3))) struct DaemonMetricsTests {
    static func tool(_ args: [String], stdin: String? = nil) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func scrape(_ port: Int) -> [PrometheusSample] {
        guard let r = try? tool(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(port)/metrics"]), r.status == 0 else { return [] }
        return PrometheusSample.parse(r.out)
    }

    static func value(_ samples: [PrometheusSample], _ name: String, _ labels: [String: String] = [:]) -> Int? {
        samples.first { $0.name == name && $0.labels == labels }.map { Int($0.value) }
    }

    @Test func metricsEndpointAgreesWithStatsAndStatusReadsIt() async throws {
        let broker = try MosquittoBroker()
        let metricsPort = try FreePort.find()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("hark.toml").path
        try """
            [device]
            id = "m1"
            state_dir = "state"
            [log]
            stats_interval = "1s"
            [metrics]
            listen = "127.0.0.1:\(metricsPort)"
            [audio]
            enabled = false
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            [[sensor]]
            name = "temp"
            topic = "s/+/t"
            max = 100
            [[rule]]
            name = "hot"
            sensor = "temp"
            kind = "above"
            threshold = 50
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let socket = try NotifySocket()
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socket.path
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(10)))
        #expect(socket.waitFor("mqtt connected", timeout: .seconds(10)) != nil)

        let peer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "metrics-peer"), logger: Logger(label: "t"))
        let stats = peer.subscribe("hark/m1/stats", qos: 0)
        peer.start()
        await peer.waitUntilConnected()
        try await Task.sleep(for: .milliseconds(700))
        for payload in ["20", "21", "75", "x"] { try await peer.publish(topic: "s/a/t", payload: Array(payload.utf8), qos: 1) }

        // /metrics: the readings counted, the alert active, promtool happy.
        var samples: [PrometheusSample] = []
        for _ in 0..<200 {
            samples = Self.scrape(metricsPort)
            if Self.value(samples, "hark_sensor_readings_total", ["sensor": "temp"]) == 3,
               Self.value(samples, "hark_alerts_active", ["rule": "hot", "sensor": "temp", "severity": "warning"]) == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(Self.value(samples, "hark_sensor_readings_total", ["sensor": "temp"]) == 3)
        #expect(Self.value(samples, "hark_sensor_rejected_total", ["sensor": "temp", "reason": "not_a_number"]) == 1)
        #expect(Self.value(samples, "hark_alerts_active", ["rule": "hot", "sensor": "temp", "severity": "warning"]) == 1)
        #expect(Self.value(samples, "hark_stage_up", ["stage": "sensors"]) == 1)
        let text = try Self.tool(["curl", "-sS", "http://127.0.0.1:\(metricsPort)/metrics"]).out
        let lint = try Self.tool(["promtool", "check", "metrics"], stdin: text)
        #expect(lint.status == 0, "promtool: \(lint.out)")
        let received = try #require(Self.value(PrometheusSample.parse(text), "hark_mqtt_received_messages_total"))

        // <prefix>/stats: the same values, from the same registry.
        var agreed = false
        for await m in stats {
            if m.text.contains(#""sensor_readings{sensor=\"temp\"}":3,"#) && m.text.contains(#""mqtt_received_messages":\#(received),"#) {
                agreed = true
                break
            }
        }
        #expect(agreed)

        // hark status: healthy, with the alert and the counters.
        let status = try Self.tool([BinaryLocator.hark.path, "status", "--config", config])
        #expect(status.status == 0, "\(status.out)")
        #expect(status.out.contains("healthy"))
        #expect(status.out.contains("ok      sensors"))
        #expect(status.out.contains("warning hot on temp"))
        #expect(status.out.split(separator: "\n").contains { $0.hasPrefix("  sensor readings ") && $0.hasSuffix(" 3") })

        // Broker gone: the daemon says mqtt disconnected, status exits 1.
        broker.stop()
        var unhealthy: (status: Int32, out: String) = (0, "")
        for _ in 0..<100 {
            unhealthy = try Self.tool([BinaryLocator.hark.path, "status", "--config", config])
            if unhealthy.status == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(unhealthy.status == 1, "\(unhealthy.out)")
        #expect(unhealthy.out.contains("problem: mqtt: disconnected"))

        // Daemon gone: 69 (EX_UNAVAILABLE) with a message saying so.
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        let gone = try Self.tool([BinaryLocator.hark.path, "status", "--config", config])
        #expect(gone.status == 69)
        #expect(gone.out.contains("not reachable"))
        await peer.stop()
    }

    @Test func statusWithoutMetricsListenSaysHowToEnableIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("hark.toml").path
        try "[audio]\nenabled = false\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try Self.tool([BinaryLocator.hark.path, "status", "--config", config])
        #expect(r.status == 78)
        #expect(r.out.contains("[metrics] listen is not set"))
    }
}

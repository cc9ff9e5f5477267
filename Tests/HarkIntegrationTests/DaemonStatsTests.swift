import Foundation
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// The running daemon makes its counters visible on `<prefix>/stats`.
@Suite(.timeLimit(.minutes(2))) struct DaemonStatsTests {
    @Test func rejectedPayloadsShowUpInPublishedStats() async throws {
        let broker = try MosquittoBroker()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("hark.toml").path
        try """
            [device]
            id = "stats"
            state_dir = "state"
            [log]
            level = "debug"
            stats_interval = "1s"
            [audio]
            enabled = false
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            [[sensor]]
            name = "temp"
            topic = "s/+/t"
            max = 100
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let socket = try NotifySocket()
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socket.path
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        _ = try #require(socket.waitFor("READY=1", timeout: .seconds(10)))
        #expect(socket.waitFor("mqtt connected", timeout: .seconds(10)) != nil)
        let peer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "stats-peer"), logger: Logger(label: "t"))
        let stats = peer.subscribe("hark/stats/stats", qos: 0)
        peer.start()
        await peer.waitUntilConnected()
        await peer.waitUntilSubscribed("hark/stats/stats")
        #expect(await daemon.waitUntilSubscribed(["s/+/t"]), "\(daemon.errorOutput())")
        try await peer.publish(topic: "s/a/t", payload: Array("500".utf8), qos: 1)
        try await peer.publish(topic: "s/a/t", payload: Array("x".utf8), qos: 1)
        var found = false
        for await m in stats {
            if m.text.contains(#""sensor_rejected{reason=\"out_of_range\",sensor=\"temp\"}":1"#)
                && m.text.contains(#""sensor_rejected{reason=\"not_a_number\",sensor=\"temp\"}":1"#) { found = true; break }
        }
        #expect(found)
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
    }
}

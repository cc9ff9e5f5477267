import Foundation
import HarkMQTT
import HarkSensors
import HarkTestSupport
import Logging
import Testing

/// The real `hark run` binary SIGKILLed while alert events stream out, then restarted: every
/// recorded event reaches the consumer (duplicates only with the same id and sequence), and the
/// active alert is restored.
@Suite(.serialized, .timeLimit(.minutes(5))) struct DaemonCrashRecoveryTests {
    @Test func sigkillMidStreamLosesNoRecordedAlertEvent() async throws {
        let broker = try MosquittoBroker(extraConfig: ["max_queued_messages 0", "max_inflight_messages 0"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let configPath = dir.appendingPathComponent("hark.toml").path
        try """
            [device]
            id = "crash"
            state_dir = "state"
            [audio]
            enabled = false
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            keepalive = "5s"
            [[sensor]]
            name = "temp"
            topic = "plant/+/temp"
            [[rule]]
            name = "hot"
            sensor = "temp"
            threshold = 80
            clear = 75
            """.write(toFile: configPath, atomically: true, encoding: .utf8)

        let consumer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "crash-consumer"),
                                      logger: Logger(label: "test.consumer"))
        let events = consumer.subscribe("hark/crash/alerts/events", qos: 1, buffer: 100_000)
        consumer.start()
        await consumer.waitUntilConnected()
        await consumer.waitUntilSubscribed("hark/crash/alerts/events")
        let source = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "crash-source"),
                                    logger: Logger(label: "test.source"))
        source.start()
        await source.waitUntilConnected()

        func startDaemon() async throws -> ChildProcess {
            let socket = try NotifySocket()
            var env = ProcessInfo.processInfo.environment
            env["NOTIFY_SOCKET"] = socket.path
            env.removeValue(forKey: "STATE_DIRECTORY")
            let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", configPath], environment: env)
            _ = try #require(socket.waitFor("READY=1", timeout: .seconds(10)), "\(daemon.errorOutput())")
            try? await Task.sleep(for: .milliseconds(500))  // subscribed
            return daemon
        }

        var daemon = try await startDaemon()
        let readings = 3000
        for i in 0..<readings {
            try await source.publish(topic: "plant/p\(i % 3)/temp", payload: Array((i / 3 % 2 == 0 ? "90" : "70").utf8), qos: 1)
            if i == readings / 2 {
                daemon.signal(SIGKILL)
                _ = daemon.wait(timeout: .seconds(5))
                daemon = try await startDaemon()
            }
        }
        // One instance left raised at the end, to check restoration after a second crash.
        try await source.publish(topic: "plant/last/temp", payload: Array("99".utf8), qos: 1)
        let store = try AlertStore(path: dir.appendingPathComponent("state/alerts.sqlite").path)
        let recorded = ContinuousClock.now + .seconds(60)
        while try !store.activeAlerts().contains(where: { $0.id == "hot-last" }), ContinuousClock.now < recorded {
            try await Task.sleep(for: .milliseconds(100))
        }
        daemon.signal(SIGKILL)
        _ = daemon.wait(timeout: .seconds(5))
        #expect(try store.activeAlerts().contains { $0.id == "hot-last" })
        daemon = try await startDaemon()
        // Readings inside the daemon when it was killed are lost (libmosquitto acknowledged them on
        // arrival); every transition that was recorded must arrive.
        let last = try store.lastSequence()
        #expect(last > 100)

        var seen: [Int: String] = [:]
        var mismatched = 0
        let deadline = ContinuousClock.now + .seconds(60)
        var it = events.makeAsyncIterator()
        while seen.count < Int(last), ContinuousClock.now < deadline {
            guard let m = await it.next() else { break }
            let object = (try? JSONSerialization.jsonObject(with: Data(m.payload))) as? [String: Any]
            guard let seq = object?["sequence"] as? Int else { continue }
            if let earlier = seen[seq], earlier != m.text { mismatched += 1 }
            seen[seq] = m.text
        }
        #expect(seen.count == Int(last), "received \(seen.count) of \(last) recorded events")
        #expect(Set(seen.keys) == Set(1...Int(last)))
        #expect(mismatched == 0)
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        #expect(daemon.errorOutput().contains("restored active alerts"))
        await source.stop()
        await consumer.stop()
    }
}

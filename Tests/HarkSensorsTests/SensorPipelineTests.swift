import Foundation
import HarkCore
import HarkMQTT
import HarkSensors
import HarkTestSupport
import Logging
import Testing

/// The sensor service end to end against a real mosquitto broker on a random loopback port.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SensorPipelineTests {
    struct Harness {
        let broker: MosquittoBroker
        let config: HarkConfig
        let counters = Counters()
        let storePath: String
        var service: Task<Void, any Error>?
        var client: MQTTClient?

        init(_ toml: String, brokerConfig: [String] = [], storePath: String? = nil) throws {
            broker = try MosquittoBroker(extraConfig: brokerConfig)
            config = try HarkConfig.parse(text: toml, file: "test.toml").get()
            self.storePath = storePath ?? FileManager.default.temporaryDirectory.appendingPathComponent("hark-alerts-\(UUID().uuidString).sqlite").path
        }

        mutating func start(tick: Duration = .milliseconds(100), discovery: HomeAssistantDiscovery? = nil) async throws {
            let client = try MQTTClient(
                options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "hark-under-test", statusTopic: "hark/test/status",
                                     reconnectBase: .milliseconds(100), reconnectCap: .milliseconds(400)),
                logger: Logger(label: "test.mqtt"), counters: counters)
            let service = SensorService(
                sensors: config.sensors, rules: config.rules, client: client, store: try AlertStore(path: storePath),
                prefix: "hark/test", logger: Logger(label: "test.sensors"), counters: counters, tickInterval: tick, discovery: discovery)
            client.start()
            self.client = client
            self.service = Task { try await service.run() }
            await client.waitUntilConnected()
            // Every subscription acknowledged by the broker (the sensors' topics, the alert acks).
            for filter in Set(config.sensors.map(\.topic)) + ["hark/test/alerts/+/ack"] {
                await client.waitUntilSubscribed(filter)
            }
        }

        mutating func stop() async {
            service?.cancel()
            _ = try? await service?.value
            await client?.stop()
        }

        func peer(_ id: String = "peer-\(UUID().uuidString.prefix(6))") async throws -> MQTTClient {
            let c = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: id,
                                                        reconnectBase: .milliseconds(100), reconnectCap: .milliseconds(400)),
                                   logger: Logger(label: "test.peer"))
            c.start()
            await c.waitUntilConnected()
            return c
        }
    }

    static let config = """
        [[sensor]]
        name = "temp"
        topic = "factory/+/temperature"
        payload = "json"
        value_path = "data.t"
        unit = "C"
        min = -40
        max = 200
        [[rule]]
        name = "hot"
        sensor = "temp"
        threshold = 80
        clear = 75
        severity = "minor"
        escalate_after = "1s"
        escalate_to = "critical"
        """

    private func json(_ s: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any] ?? [:]
    }

    @Test func wildcardJSONReadingsRaiseEscalateAckAndClear() async throws {
        var h = try Harness(Self.config)
        let watcher = try await h.peer()
        let events = watcher.subscribe("hark/test/alerts/events", qos: 1)
        var it = events.makeAsyncIterator()
        try await h.start()
        let sensor = try await h.peer()
        try await sensor.publish(topic: "factory/m7/temperature", payload: Array(#"{"data":{"t":85.5}}"#.utf8), qos: 1)

        let raised = json(try #require(await it.next()).text)
        #expect(raised["event"] as? String == "raised")
        #expect(raised["id"] as? String == "hot-m7")
        #expect(raised["instance"] as? String == "m7")
        #expect(raised["severity"] as? String == "minor")
        #expect(raised["value"] as? Double == 85.5)
        #expect(raised["limit"] as? Double == 80)
        #expect(raised["message"] as? String == "temp m7 85.5C above 80C for 0s")
        let firstSeq = try #require(raised["sequence"] as? Int)

        let escalated = json(try #require(await it.next()).text)
        #expect(escalated["event"] as? String == "escalated")
        #expect(escalated["severity"] as? String == "critical")
        #expect((escalated["sequence"] as? Int ?? 0) > firstSeq)

        try await sensor.publish(topic: "hark/test/alerts/hot-m7/ack", payload: [], qos: 1)
        let acked = json(try #require(await it.next()).text)
        #expect(acked["event"] as? String == "acknowledged")
        #expect(acked["acknowledged_at"] is String)

        try await sensor.publish(topic: "factory/m7/temperature", payload: Array(#"{"data":{"t":70}}"#.utf8), qos: 1)
        let cleared = json(try #require(await it.next()).text)
        #expect(cleared["event"] as? String == "cleared")
        #expect(cleared["state"] as? String == "cleared")

        // The retained state topic holds the latest state.
        let late = try await h.peer()
        let states = late.subscribe("hark/test/alerts/hot-m7", qos: 1)
        var sit = states.makeAsyncIterator()
        let state = json(try #require(await sit.next()).text)
        #expect(state["state"] as? String == "cleared")
        #expect(state["sequence"] as? Int == cleared["sequence"] as? Int)
        await late.stop()
        await sensor.stop()
        await watcher.stop()
        await h.stop()
    }

    @Test func thousandsOfMalformedPayloadsAreCountedAndNothingCrashes() async throws {
        var h = try Harness(Self.config, brokerConfig: ["max_queued_messages 0", "max_inflight_messages 0"])
        try await h.start()
        let sensor = try await h.peer()
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,0123456789.eE-+ truefalsnv\data"#.utf8)
        let fixed: [[UInt8]] = [
            Array(#"{"data":{"t":"hot"}}"#.utf8), Array(#"{"data":{"t":1e999}}"#.utf8), Array(#"{"data":{"t":500}}"#.utf8),
            Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8),
            [UInt8](repeating: 0x31, count: 10_000), [0xff, 0xfe, 0x00], [],
        ]
        let total = 3000
        for i in 0..<total {
            let payload = i < fixed.count ? fixed[i]
                : [UInt8](Array(#"{"data":{"t":"#.utf8)) + (0..<Int.random(in: 0..<20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            try await sensor.publish(topic: "factory/m\(i % 5)/temperature", payload: payload, qos: 1)
        }
        try await sensor.publish(topic: "factory/ok/temperature", payload: Array(#"{"data":{"t":99}}"#.utf8), qos: 1)
        func seen() -> (rejected: Int, accepted: Int) {
            (h.counters.snapshot.filter { $0.key.hasPrefix("sensor_rejected{") }.reduce(0) { $0 + $1.value },
             h.counters.value("sensor_readings", labels: ["sensor": "temp"]))
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while seen().rejected + seen().accepted < total + 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(200))
        let (rejected, accepted) = seen()
        // Every message is either a reading or a counted rejection (random bytes can form a valid number).
        #expect(rejected + accepted == total + 1)
        #expect(rejected >= total - 200)
        #expect(h.counters.value("sensor_rejected", labels: ["sensor": "temp", "reason": "out_of_range"]) >= 1)
        #expect(h.counters.value("sensor_rejected", labels: ["sensor": "temp", "reason": "bad_json"]) >= 1)
        #expect(h.counters.value("alert_events", labels: ["event": "raised"]) >= 1)  // the valid 99 raised
        await sensor.stop()
        await h.stop()
    }

    @Test func homeAssistantDiscoveryAnnouncesSensorInstancesAndRules() async throws {
        var h = try Harness(Self.config)
        try await h.start(discovery: HomeAssistantDiscovery(discoveryPrefix: "homeassistant", deviceID: "test", deviceName: "Test Hark",
                                                            topicPrefix: "hark/test"))
        let sensor = try await h.peer()
        try await sensor.publish(topic: "factory/m9/temperature", payload: Array(#"{"data":{"t":21}}"#.utf8), qos: 1)
        let ha = try await h.peer()
        var configs: [String: [String: Any]] = [:]
        let stream = ha.subscribe("homeassistant/#", qos: 1)
        var it = stream.makeAsyncIterator()
        while configs.count < 2, let m = await it.next() { configs[m.topic] = json(m.text) }
        let entity = try #require(configs["homeassistant/sensor/hark_test/temp_m9/config"])
        #expect(entity["state_topic"] as? String == "factory/m9/temperature")
        #expect(entity["unit_of_measurement"] as? String == "C")
        #expect((entity["value_template"] as? String)?.contains("value_json['data']['t']") == true)
        #expect(entity["availability_topic"] as? String == "hark/test/status")
        let problem = try #require(configs["homeassistant/binary_sensor/hark_test/hot_m9/config"])
        #expect(problem["state_topic"] as? String == "hark/test/alerts/hot-m9")
        #expect(problem["device_class"] as? String == "problem")
        #expect(((problem["device"] as? [String: Any])?["identifiers"] as? [String]) == ["hark-test"])
        await ha.stop()
        await sensor.stop()
        await h.stop()
    }

    @Test func activeAlertsAreRestoredAfterARestart() async throws {
        var h = try Harness(Self.config)
        try await h.start()
        let sensor = try await h.peer()
        try await sensor.publish(topic: "factory/a/temperature", payload: Array(#"{"data":{"t":95}}"#.utf8), qos: 1)
        let deadline = ContinuousClock.now + .seconds(10)
        while h.counters.value("alert_events", labels: ["event": "raised"]) < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        await h.stop()
        let restored = try AlertStore(path: h.storePath).activeAlerts()
        #expect(restored.map(\.id) == ["hot-a"])

        // A new service on the same store: the alert is active; an ack then a clear work on it.
        var again = h
        let watcher = try await again.peer()
        let events = watcher.subscribe("hark/test/alerts/events", qos: 1)
        try await again.start()
        try await sensor.publish(topic: "hark/test/alerts/hot-a/ack", payload: [], qos: 1)
        var it = events.makeAsyncIterator()
        var seen: [String] = []
        while let m = await it.next() {
            let e = json(m.text)["event"] as? String ?? ""
            seen.append(e)
            if e == "acknowledged" { break }
        }
        #expect(seen.last == "acknowledged")
        #expect(!seen.contains("raised") || seen.filter { $0 == "raised" }.count == 1)
        await watcher.stop()
        await sensor.stop()
        await again.stop()
    }
}

import Foundation
import HarkCore
import HarkMQTT
import HarkSensors
import HarkTestSupport
import Logging
import Testing

/// "Never loses an alert": 10,000 alert events while the broker is stopped and restarted
/// several times; the subscriber must see every (id, sequence), duplicates only identical.
@Suite(.serialized, .timeLimit(.minutes(5))) struct AlertDeliveryTests {
    @Test func tenThousandEventsSurviveBrokerRestarts() async throws {
        var h = try SensorPipelineTests.Harness(SensorPipelineTests.config.replacingOccurrences(of: "escalate_after = \"1s\"", with: ""),
                                                brokerConfig: ["max_queued_messages 0", "max_inflight_messages 0", "autosave_interval 1"])
        let events = 10_000
        let watcher = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: h.broker.port, clientID: "alert-consumer",
                                                          reconnectBase: .milliseconds(100), reconnectCap: .milliseconds(300)),
                                     logger: Logger(label: "test.consumer"))
        let stream = watcher.subscribe("hark/test/alerts/events", qos: 1, buffer: 100_000)
        watcher.start()
        await watcher.waitUntilConnected()
        try await h.start()
        let sensor = try await h.peer("reading-source")
        await watcher.waitUntilSubscribed("hark/test/alerts/events")

        let collector = Task { () -> [Int: String] in
            var bySeq: [Int: String] = [:]
            var mismatched = 0
            for await m in stream {
                let object = (try? JSONSerialization.jsonObject(with: Data(m.payload))) as? [String: Any]
                guard let seq = object?["sequence"] as? Int else { continue }
                if let earlier = bySeq[seq], earlier != m.text { mismatched += 1 }
                bySeq[seq] = m.text
                if bySeq.count == events { break }
            }
            #expect(mismatched == 0)
            return bySeq
        }
        let broker = h.broker
        let restarts = Task {
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(700))
                broker.stop()
                try await Task.sleep(for: .milliseconds(300))
                try broker.start()
            }
        }
        for i in 0..<events {
            let value = i % 2 == 0 ? 90 : 70  // raise, clear, raise, … → one event per reading
            try await sensor.publish(topic: "factory/line1/temperature", payload: Array("{\"data\":{\"t\":\(value)}}".utf8), qos: 1)
        }
        try await restarts.value
        let received = try await withTimeout(.seconds(180)) { await collector.value }
        #expect(received.count == events)
        let seqs = received.keys.sorted()
        #expect(seqs.first == 1 && seqs.last == events)
        #expect(h.counters.value("mqtt_connects") >= 4)
        await sensor.stop()
        await watcher.stop()
        await h.stop()
    }
}

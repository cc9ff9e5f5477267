import Foundation
import HarkCore
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// Against a real mosquitto broker on a random loopback port.
@Suite(.serialized, .timeLimit(.minutes(1))) struct MQTTClientTests {
    private func client(_ broker: MosquittoBroker, id: String = "test-\(UUID().uuidString.prefix(8))",
                        status: String? = nil, counters: Counters = Counters()) throws -> MQTTClient {
        var options = MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: id, keepalive: .seconds(5),
                                  statusTopic: status, reconnectBase: .milliseconds(100), reconnectCap: .milliseconds(500))
        options.maxInflight = 20
        return try MQTTClient(options: options, logger: Logger(label: "test.mqtt"), counters: counters)
    }

    @Test func publishesAndReceivesOnWildcardFilters() async throws {
        let broker = try MosquittoBroker()
        let sub = try client(broker)
        let stream = sub.subscribe("factory/+/temperature", qos: 1)
        sub.start()
        await sub.waitUntilConnected()
        let pub = try client(broker)
        pub.start()
        await pub.waitUntilConnected()
        await sub.waitUntilSubscribed("factory/+/temperature")
        try await pub.publish(topic: "factory/m1/temperature", payload: Array("21.5".utf8), qos: 1)
        try await pub.publish(topic: "factory/m1/pressure", payload: Array("1".utf8), qos: 1)
        try await pub.publish(topic: "factory/m2/temperature", payload: Array("{\"v\":3}".utf8), qos: 1)
        var received: [MQTTMessage] = []
        for await m in stream {
            received.append(m)
            if received.count == 2 { break }
        }
        #expect(received.map(\.topic) == ["factory/m1/temperature", "factory/m2/temperature"])
        #expect(received.first?.text == "21.5")
        await pub.stop()
        await sub.stop()
    }

    @Test func birthWillAndOfflineOnCleanStop() async throws {
        let broker = try MosquittoBroker()
        let watcher = try client(broker)
        let statuses = watcher.subscribe("hark/dev1/status", qos: 1)
        watcher.start()
        await watcher.waitUntilConnected()
        let daemon = try client(broker, id: "hark-dev1", status: "hark/dev1/status")
        daemon.start()
        var it = statuses.makeAsyncIterator()
        #expect(await it.next()?.text == "online")
        let stopAsked = ContinuousClock.now
        let (offline, lateness) = await TimerLateness.measure { () async -> String? in
            await daemon.stop()
            return await it.next()?.text
        }
        #expect(offline == "offline")
        // The explicit offline, not the will: the broker sends that only after 1.5 × keepalive
        // (7.5 s) without a word from the client. 5 s (stop waits at most 1 s for the PUBACK,
        // then 0.5 s for the disconnect) plus three times the timer lateness, capped below 7.5 s.
        let took = ContinuousClock.now - stopAsked
        let limit = min(.seconds(5) + lateness * 3, .milliseconds(7400))
        TimerLateness.report("MQTTClientTests.offlineOnCleanStop", took: took, limit: limit, lateness: lateness)
        #expect(took < limit)
        await watcher.stop()
    }

    @Test func reconnectsAndResubscribesAfterBrokerRestart() async throws {
        let broker = try MosquittoBroker()
        let counters = Counters()
        let sub = try client(broker, id: "hark-restart", counters: counters)
        let stream = sub.subscribe("t/#", qos: 1)
        sub.start()
        await sub.waitUntilConnected()
        broker.kill()
        #expect(await Self.eventually { !sub.isConnected }, "the client never noticed the broker was gone")
        // Broker comes back *without* its persistence (killed): the subscription must be renewed by us.
        try? FileManager.default.removeItem(at: broker.directory.appendingPathComponent("mosquitto.db"))
        try broker.start()
        await sub.waitUntilConnected()
        await sub.waitUntilSubscribed("t/#")  // renewed on the new connection
        let pub = try client(broker)
        pub.start()
        await pub.waitUntilConnected()
        try await pub.publish(topic: "t/after", payload: Array("x".utf8), qos: 1)
        var it = stream.makeAsyncIterator()
        #expect(await it.next()?.topic == "t/after")
        #expect(counters.value("mqtt_connects") >= 2)
        await pub.stop()
        await sub.stop()
    }

    @Test func qos1PublishWhileBrokerDownIsDeliveredAfterReconnect() async throws {
        let broker = try MosquittoBroker()
        let sub = try client(broker, id: "hark-sub-durable")
        let stream = sub.subscribe("q/#", qos: 1)
        sub.start()
        await sub.waitUntilConnected()
        let pub = try client(broker, id: "hark-pub-durable")
        pub.start()
        await pub.waitUntilConnected()
        await sub.waitUntilSubscribed("q/#")
        broker.stop()  // graceful: the broker saves the subscriber's persistent session
        #expect(await Self.eventually { !pub.isConnected }, "the publisher never noticed the broker was gone")
        let publishing = Task { try await pub.publish(topic: "q/1", payload: Array("held".utf8), qos: 1) }
        try await Task.sleep(for: .milliseconds(300))  // the publish waits in the queue (more time only makes it wait longer)
        try broker.start()
        try await publishing.value  // returns only after the PUBACK
        var it = stream.makeAsyncIterator()
        let m = await it.next()
        #expect(m?.text == "held")
        await pub.stop()
        await sub.stop()
    }

    @Test func slowConsumerDropsAreCounted() async throws {
        let broker = try MosquittoBroker()
        let counters = Counters()
        let sub = try client(broker, counters: counters)
        let stream = sub.subscribe("flood", qos: 0, buffer: 10)
        sub.start()
        await sub.waitUntilConnected()
        let pub = try client(broker)
        pub.start()
        await pub.waitUntilConnected()
        await sub.waitUntilSubscribed("flood")
        for i in 0..<200 { try await pub.publish(topic: "flood", payload: Array("\(i)".utf8), qos: 1) }
        // All 200 reach the subscriber (QoS 0 to it, on loopback): 10 buffered, 190 dropped.
        let dropped = counters.counter("mqtt_dropped_messages", labels: ["filter": "flood"])
        _ = await Self.eventually { dropped.value >= 190 }
        #expect(dropped.value == 190)
        var it = stream.makeAsyncIterator()
        #expect(await it.next()?.text == "0")
        await pub.stop()
        await sub.stop()
    }

    /// Polls `condition` every 20 ms for up to 10 s (a bound only for a broken client).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test func invalidTopicIsRejectedBeforeTheWire() async throws {
        let broker = try MosquittoBroker()
        let pub = try client(broker)
        await #expect(throws: MQTTError.self) { try await pub.publish(topic: "a/+/b", payload: [], qos: 0) }
    }
}

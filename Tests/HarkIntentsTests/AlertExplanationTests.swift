import Foundation
import HarkCloud
import HarkCore
import HarkIntents
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// Alert explanations wait in the persistent queue while the cloud is down, and go out when it
/// is back — also after a restart — unless their time-to-live ran out.
@Suite(.serialized, .timeLimit(.minutes(2))) struct AlertExplanationTests {
    /// An event as the sensors service publishes it on `<prefix>/alerts/events` (Alert.json + "event").
    static func raisedEvent(id: String, rule: String, value: Double) -> String {
        var w = JSONWriter()
        w.field("event", "raised")
        w.field("id", id)
        w.field("sequence", Int64(1))
        w.field("rule", rule)
        w.field("sensor", "machine_temperature")
        w.field("instance", String(id.dropFirst(rule.count + 1)))
        w.field("state", "raised")
        w.field("severity", "major")
        w.field("value", value)
        w.field("limit", 80.0)
        w.field("unit", "°C")
        w.field("message", "machine_temperature \(value)°C above 80°C for 10s")
        w.field("raised_at", "2025-11-24T16:00:00Z")
        return w.finish()
    }

    struct Daemon {
        let runtime: IntentRuntime
        let task: Task<Void, any Error>
        let counters: Counters

        init(config: HarkConfig, stateDir: String, bus: BrokerRig, logs: LogCapture) {
            counters = Counters()
            runtime = IntentRuntime(config: config, apiKey: TestKey.apiKey, modelsDirectory: nil, stateDirectory: stateDir,
                                    logger: logs.logger("hark.cloud"), counters: counters)
            let service = AlertExplanationService(cloud: runtime.cloud!, store: runtime.store!, bus: bus.client, prefix: "hark/test",
                                                  sensors: config.sensors, settings: config.cloud, logger: logs.logger("hark.explain"),
                                                  counters: counters, idleWait: .milliseconds(100))
            task = Task { try await service.run() }
        }

        func stop() async {
            task.cancel()
            _ = await task.result
            await runtime.shutdown()
        }
    }

    static func waitUntil(_ timeout: Duration = .seconds(5), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    @Test func queuedWhileOfflineDeliveredAfterRecoveryAndAcrossARestart() async throws {
        let bus = try await BrokerRig()
        let server = try FakeChatCompletionsServer()
        server.stop() // connection refused
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-explain-\(UUID().uuidString)").path
        let config = try homeConfig(cloudURL: server.baseURL, extra: "explain_alerts = true")
        let logs = LogCapture()

        // First run: the cloud is unreachable; the alert is queued on disk.
        let first = Daemon(config: config, stateDir: dir, bus: bus, logs: logs)
        await bus.client.waitUntilSubscribed("hark/test/alerts/events")
        try await bus.publish("hark/test/alerts/events", Self.raisedEvent(id: "machine_hot-m1", rule: "machine_hot", value: 91.5))
        #expect(try await Self.waitUntil { try first.runtime.store!.queuedCount() == 1 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(await bus.waitFor("hark/test/alerts/+/explanation", timeout: .milliseconds(10)) == nil)
        await first.stop()

        // Restart: a new process state over the same store; still offline, a second alert arrives.
        let second = Daemon(config: config, stateDir: dir, bus: bus, logs: logs)
        await bus.client.waitUntilSubscribed("hark/test/alerts/events")
        try await bus.publish("hark/test/alerts/events", Self.raisedEvent(id: "machine_hot-m2", rule: "machine_hot", value: 88))
        #expect(try await Self.waitUntil { try second.runtime.store!.queuedCount() == 2 })

        // The endpoint recovers: both go out, oldest first, and leave the queue.
        server.setFallback(.text("The spindle is probably overloaded; reduce the feed rate and check the coolant."))
        try server.restart()
        let m1 = try #require(json(await bus.waitFor("hark/test/alerts/machine_hot-m1/explanation")))
        let m2 = try #require(json(await bus.waitFor("hark/test/alerts/machine_hot-m2/explanation")))
        #expect(m1["explanation"]?.stringValue?.hasPrefix("The spindle is probably overloaded") == true)
        #expect(m2["id"] == .string("machine_hot-m2"))
        #expect(try await Self.waitUntil { try second.runtime.store!.queuedCount() == 0 })
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.schemaProblems.isEmpty })
        let user = requests.first?.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(user.contains("<data>\"{\\\"rule\\\":\\\"machine_hot\\\""))
        // The service removes an item from the queue, then counts it: wait for the count too.
        #expect(await Self.waitUntil { second.counters.value("explanations_published") == 2 },
                "published \(second.counters.value("explanations_published"))")
        #expect(!logs.text.contains(TestKey.apiKey))
        await second.stop()
        server.shutdown()
        await bus.close()
    }

    enum Fault: String, CaseIterable, Sendable {
        case hang, tooManyRequests, serverError, malformedJSON, cutBody, fiveMegabytes
    }

    /// Whatever the endpoint does wrong, the request stays queued (across a restart) and its
    /// explanation goes out once the endpoint answers properly.
    @Test(arguments: Fault.allCases) func everyFaultKeepsTheRequestQueuedUntilTheEndpointRecovers(fault: Fault) async throws {
        let bus = try await BrokerRig()
        let server = try FakeChatCompletionsServer()
        switch fault {
        case .hang: server.setFallback(.hang)
        case .tooManyRequests: server.setFallback(.status(429, retryAfter: "1"))
        case .serverError: server.setFallback(.status(503))
        case .malformedJSON: server.setFallback(.malformedJSON)
        case .cutBody: server.setFallback(.cutBody)
        case .fiveMegabytes: server.setFallback(.huge(bytes: 5 << 20))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-explain-\(UUID().uuidString)").path
        let config = try homeConfig(cloudURL: server.baseURL, extra: "explain_alerts = true")
        let first = Daemon(config: config, stateDir: dir, bus: bus, logs: LogCapture())
        await bus.client.waitUntilSubscribed("hark/test/alerts/events")
        try await bus.publish("hark/test/alerts/events", Self.raisedEvent(id: "machine_hot-f1", rule: "machine_hot", value: 97))
        #expect(await Self.waitUntil { !server.requests.isEmpty }, "\(fault): the request was tried")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try first.runtime.store!.queuedCount() == 1, "\(fault)")
        await first.stop()

        server.setFallback(.text("Coolant flow is low; check the pump."))
        let second = Daemon(config: config, stateDir: dir, bus: bus, logs: LogCapture())
        let published = try #require(json(await bus.waitFor("hark/test/alerts/machine_hot-f1/explanation")), "\(fault)")
        #expect(published["explanation"] == .string("Coolant flow is low; check the pump."))
        #expect(try await Self.waitUntil { try second.runtime.store!.queuedCount() == 0 }, "\(fault)")
        #expect(bus.messages(on: "hark/test/alerts/machine_hot-f1/explanation").count == 1)
        await second.stop()
        server.shutdown()
        await bus.close()
    }

    @Test func expiredRequestsAreDroppedNotSent() async throws {
        let bus = try await BrokerRig()
        let server = try FakeChatCompletionsServer()
        server.stop()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-explain-\(UUID().uuidString)").path
        let config = try homeConfig(cloudURL: server.baseURL, extra: "explain_alerts = true\nexplanation_ttl = \"1s\"")
        let daemon = Daemon(config: config, stateDir: dir, bus: bus, logs: LogCapture())
        await bus.client.waitUntilSubscribed("hark/test/alerts/events")
        try await bus.publish("hark/test/alerts/events", Self.raisedEvent(id: "machine_hot-m9", rule: "machine_hot", value: 95))
        #expect(await Self.waitUntil { daemon.counters.value("explanations_queued") == 1 })
        #expect(await Self.waitUntil(.seconds(4)) { daemon.counters.value("explanations_dropped", labels: ["reason": "expired"]) == 1 })
        try server.restart()
        try await Task.sleep(for: .milliseconds(500))
        #expect(server.requests.isEmpty)
        #expect(try daemon.runtime.store!.queuedCount() == 0)
        await daemon.stop()
        server.shutdown()
        await bus.close()
    }

    @Test func onlyRaisedEventsBecomeNotices() {
        let raised = Self.raisedEvent(id: "r-1", rule: "r", value: 3)
        let notice = AlertExplanationService.notice(fromEvent: Array(raised.utf8))
        #expect(notice?.id == "r-1")
        #expect(notice?.value == 3)
        let cleared = raised.replacingOccurrences(of: "\"event\":\"raised\"", with: "\"event\":\"cleared\"")
        #expect(AlertExplanationService.notice(fromEvent: Array(cleared.utf8)) == nil)
        #expect(AlertExplanationService.notice(fromEvent: Array("junk".utf8)) == nil)
    }
}

import Foundation
import HarkCore
import HarkMQTT
import Logging
import ServiceLifecycle

/// Readings in, alerts out: subscribes every `[[sensor]]` topic, turns payloads into readings
/// (rejections counted per sensor and logged at a limited rate), runs the ``AlertEngine``, and
/// records every transition in the ``AlertStore`` before the ``AlertOutbox`` publishes it.
/// Acks arrive on `<prefix>/alerts/<id>/ack`.
public final class SensorService: Service, Sendable {
    enum Input: Sendable {
        case messages(Int, [MQTTMessage])
        case ack(String)
        case tick
    }

    private let sensors: [SensorSettings]
    private let rules: [RuleSettings]
    private let client: MQTTClient
    private let store: AlertStore
    private let prefix: String
    private let logger: Logger
    private let counters: Counters
    private let health: HealthRegistry?
    private let status: DaemonStatus?
    private let tickInterval: Duration
    private let clock: @Sendable () -> Double
    private let discovery: HomeAssistantDiscovery?

    public init(
        sensors: [SensorSettings], rules: [RuleSettings], client: MQTTClient, store: AlertStore, prefix: String,
        logger: Logger, counters: Counters, health: HealthRegistry? = nil, status: DaemonStatus? = nil,
        tickInterval: Duration = .seconds(1), discovery: HomeAssistantDiscovery? = nil,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.discovery = discovery
        self.sensors = sensors
        self.rules = rules
        self.client = client
        self.store = store
        self.prefix = prefix
        self.logger = logger
        self.counters = counters
        self.health = health
        self.status = status
        self.tickInterval = tickInterval
        self.clock = clock
    }

    public func run() async throws {
        var engine = AlertEngine(sensors: sensors, rules: rules)
        let restored = try store.activeAlerts()
        engine.restore(restored)
        if !restored.isEmpty { logger.notice("restored active alerts", metadata: ["count": "\(restored.count)"]) }
        let readers = sensors.map(SensorReader.init)
        let outbox = AlertOutbox(store: store, client: client, logger: logger, counters: counters)
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .bufferingOldest(8192))
        let readingCounters = sensors.map { counters.counter("sensor_readings", labels: ["sensor": $0.name]) }
        let dropped = counters.counter("sensor_input_dropped")
        let heartbeat = health?.register("sensors", maxSilence: .seconds(15))
        defer { heartbeat?.end() }
        var limiter = RejectionLogLimiter()
        /// Topic → instance name, per sensor (topics repeat; matching splits strings).
        var instances = [[String: String]](repeating: [:], count: sensors.count)
        var announced = Set<String>()
        func announce(_ i: Int, instance: String, topic: String) {
            guard let discovery, announced.insert("\(i)/\(instance)").inserted else { return }
            var messages = [discovery.sensor(sensors[i], instance: instance, topic: topic)]
            messages += rules.filter { $0.sensor == sensors[i].name }.map { discovery.rule($0, instance: instance) }
            do {
                for m in messages { try store.enqueue(topic: m.topic, payload: m.payload, retain: true) }
            } catch {
                logger.warning("could not queue Home Assistant discovery", metadata: ["error": "\(error)"])
            }
        }
        for (i, s) in sensors.enumerated() where !s.topic.contains("+") && !s.topic.contains("#") {
            announce(i, instance: "", topic: s.topic)
        }

        await withDiscardingTaskGroup { group in
            for (i, sensor) in sensors.enumerated() {
                let stream = client.subscribeBatches(sensor.topic, qos: 1, buffer: 4096)
                group.addTask {
                    for await batch in stream {
                        if case .dropped = input.yield(.messages(i, batch)) { dropped.increment(by: batch.count) }
                    }
                }
            }
            let acks = client.subscribe("\(prefix)/alerts/+/ack", qos: 1, buffer: 1024)
            let prefixLevels = prefix.split(separator: "/", omittingEmptySubsequences: false).count
            group.addTask {
                for await m in acks {
                    let levels = m.topic.split(separator: "/", omittingEmptySubsequences: false)
                    if levels.count == prefixLevels + 3 { input.yield(.ack(String(levels[prefixLevels + 1]))) }
                }
            }
            group.addTask { [tickInterval] in
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: tickInterval)
                    input.yield(.tick)
                }
                input.finish()
            }
            group.addTask { await outbox.run() }
            status?.set("sensors", "\(sensors.count) sensor(s), \(rules.count) rule(s), \(restored.count) active alert(s)")

            for await item in inputs {
                heartbeat?.beat()
                var transitions: [AlertTransition] = []
                switch item {
                case let .messages(i, batch):
                    let now = clock()
                    for m in batch {
                        let instance: String
                        if let known = instances[i][m.topic] {
                            instance = known
                        } else {
                            guard let found = readers[i].instance(of: m.topic) else { continue }
                            if instances[i].count >= 100_000 { instances[i].removeAll() }
                            instances[i][m.topic] = found
                            instance = found
                            announce(i, instance: found, topic: m.topic)
                            outbox.wake()
                        }
                        switch readers[i].read(payload: m.payload, instance: instance, receivedAt: now) {
                        case let .success(reading):
                            readingCounters[i].increment()
                            transitions += engine.ingest(reading)
                        case let .failure(rejection):
                            let name = sensors[i].name
                            counters.counter("sensor_rejected", labels: ["sensor": name, "reason": rejection.reason]).increment()
                            if let suppressed = limiter.shouldLog(sensor: name, now: now) {
                                logger.warning("rejected reading", metadata: [
                                    "sensor": "\(name)", "topic": "\(m.topic)", "problem": "\(rejection)", "suppressed_since_last": "\(suppressed)",
                                ])
                            }
                            transitions += engine.reject(sensor: name, instance: instance, at: now)
                        }
                    }
                case let .ack(id):
                    transitions = engine.acknowledge(id: id, at: clock())
                    if transitions.isEmpty { counters.counter("alert_acks_ignored").increment() }
                case .tick:
                    transitions = engine.tick(now: clock())
                    let active = engine.activeAlerts
                    status?.set("sensors", "\(active.count) active alert(s)")
                    exportActive(active)
                }
                guard !transitions.isEmpty else { continue }
                do {
                    try store.record(transitions, prefix: prefix)
                    for t in transitions {
                        counters.counter("alert_events", labels: ["event": t.event.rawValue]).increment()
                        logger.notice("alert \(t.event.rawValue)", metadata: [
                            "id": "\(t.alert.id)", "severity": "\(t.alert.severity.rawValue)", "message": "\(t.alert.message)",
                        ])
                    }
                    outbox.wake()
                } catch {
                    counters.counter("alert_store_errors").increment()
                    logger.error("could not record alert transitions", metadata: ["error": "\(error)", "store": "\(store.path)"])
                }
            }
            group.cancelAll()
        }
    }
}

extension SensorService {
    /// `alerts_active{rule,sensor,severity}`: raised or acknowledged alerts (gone when none).
    fileprivate func exportActive(_ active: [Alert]) {
        var counts: [[String]: Int] = [:]
        for a in active { counts[[a.rule, a.sensor, a.severity.rawValue], default: 0] += 1 }
        var keep = Set<String>()
        for (k, n) in counts {
            let g = counters.gauge("alerts_active", labels: ["rule": k[0], "sensor": k[1], "severity": k[2]])
            g.set(n)
            keep.insert(g.key)
        }
        counters.removeAll("alerts_active", keeping: keep)
    }
}

/// Logs the first rejection of a sensor and then at most one every 10 s, saying how many were
/// suppressed in between.
struct RejectionLogLimiter {
    private var last: [String: (time: Double, suppressed: Int)] = [:]

    mutating func shouldLog(sensor: String, now: Double) -> Int? {
        if let entry = last[sensor], now - entry.time < 10 {
            last[sensor] = (entry.time, entry.suppressed + 1)
            return nil
        }
        let suppressed = last[sensor]?.suppressed ?? 0
        last[sensor] = (now, 0)
        return suppressed
    }
}

import Foundation
import HarkCloud
import HarkCore
import HarkMQTT
import Logging
import ServiceLifecycle
import Synchronization

/// Asks the cloud model to explain each raised alert and publishes the answer on
/// `<prefix>/alerts/<id>/explanation`. It only listens to what the sensors service already
/// published (`<prefix>/alerts/events`), so the raw alert never waits for it. Every request is
/// first stored (``CloudStore``); while the endpoint is unreachable they wait there — across
/// restarts — until they go out or their time-to-live ends.
public final class AlertExplanationService: Service, Sendable {
    private let cloud: CloudFallback
    private let store: CloudStore
    private let bus: any MessageBus
    private let prefix: String
    private let readers: [SensorReader]
    private let settings: CloudSettings
    private let logger: Logger
    private let counters: Counters
    private let notices: AsyncStream<AlertNotice>?
    private let recent = RecentReadings(limit: 30)
    /// Wait between checks while the endpoint is unavailable.
    private let idleWait: Duration

    /// `notices`: raised alerts handed over in-process; nil listens on `<prefix>/alerts/events`.
    public init(cloud: CloudFallback, store: CloudStore, bus: any MessageBus, prefix: String, sensors: [SensorSettings],
                settings: CloudSettings, logger: Logger, counters: Counters, notices: AsyncStream<AlertNotice>? = nil,
                idleWait: Duration = .seconds(5)) {
        self.cloud = cloud
        self.store = store
        self.bus = bus
        self.prefix = prefix
        self.readers = sensors.map(SensorReader.init)
        self.settings = settings
        self.logger = logger
        self.counters = counters
        self.notices = notices
        self.idleWait = idleWait
    }

    public func run() async throws {
        let wake = WakeSignal()
        let pending = (try? store.queuedCount()) ?? 0
        if pending > 0 { logger.notice("alert explanations waiting from before", metadata: ["count": "\(pending)"]) }
        await withDiscardingTaskGroup { group in
            // Raised alerts → durable queue.
            group.addTask { [self] in
                let source = notices ?? noticesFromEvents()
                for await notice in source.cancelOnGracefulShutdown() {
                    var n = notice
                    if n.recentValues.isEmpty { n.recentValues = recent.values(sensor: n.sensor, instance: instanceOf(n)) }
                    do {
                        let dropped = try store.enqueue(n, now: Date().timeIntervalSince1970,
                                                        ttl: Self.seconds(settings.explanationTTL), limit: settings.queueLimit)
                        counters.counter("explanations_queued").increment()
                        if dropped > 0 { counters.counter("explanations_dropped", labels: ["reason": "queue_full"]).increment(by: dropped) }
                    } catch {
                        logger.error("cannot queue alert explanation", metadata: ["alert": "\(n.id)", "error": "\(error)"])
                    }
                    wake.signal()
                }
            }
            // Recent readings of every sensor, for the model.
            for (i, reader) in readers.enumerated() {
                let stream = bus.subscribe(reader.settings.topic, qos: 0, buffer: 1024)
                group.addTask { [self] in
                    for await m in stream.cancelOnGracefulShutdown() {
                        guard let instance = readers[i].instance(of: m.topic),
                              case let .success(r) = readers[i].read(payload: m.payload, instance: instance, receivedAt: 0) else { continue }
                        recent.add(sensor: r.sensor, instance: r.instance, value: r.value)
                    }
                }
            }
            // The queue → the cloud → MQTT.
            group.addTask { [self] in await deliver(wake: wake) }
        }
    }

    private func deliver(wake: WakeSignal) async {
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let now = Date().timeIntervalSince1970
            if let purged = try? store.purgeExpired(now: now), purged > 0 {
                counters.counter("explanations_dropped", labels: ["reason": "expired"]).increment(by: purged)
                logger.notice("alert explanations expired unsent", metadata: ["count": "\(purged)"])
            }
            guard let item = (try? store.next(now: now)) ?? nil else {
                await wake.wait(upTo: .seconds(60))
                continue
            }
            guard await cloud.isAvailable() else {
                await wake.wait(upTo: idleWait)
                continue
            }
            try? store.recordAttempt(item.rowID)
            switch await cloud.explain(item.notice, deadline: .now + settings.deadline) {
            case let .success(text):
                failures = 0
                let json = JSONValue.object([
                    ("id", .string(item.notice.id)), ("rule", .string(item.notice.rule)), ("explanation", .string(text)),
                    ("model", .string(settings.model)), ("queued_at", .string(Timestamp.format(item.queuedAt))),
                    ("generated_at", .string(Timestamp.format(Date().timeIntervalSince1970))),
                ]).serialized
                do {
                    try await bus.publish(topic: "\(prefix)/alerts/\(item.notice.id)/explanation", payload: Array(json.utf8), qos: 1, retain: false)
                    try? store.remove(item.rowID)
                    counters.counter("explanations_published").increment()
                    logger.info("alert explanation published", metadata: ["alert": "\(item.notice.id)",
                                                                          "waited_s": "\(Int(Date().timeIntervalSince1970 - item.queuedAt))"])
                } catch {
                    logger.warning("explanation publish failed; kept for later", metadata: ["alert": "\(item.notice.id)", "error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            case let .failure(failure):
                if failure.isRejection, item.attempts + 1 >= 3 {
                    try? store.remove(item.rowID)
                    counters.counter("explanations_dropped", labels: ["reason": "rejected"]).increment()
                    continue
                }
                failures += 1
                // The breaker decides when to try again; this only keeps the loop from spinning.
                let wait = min(idleWait * (1 << min(failures - 1, 4)), .seconds(60))
                await wake.wait(upTo: wait)
            }
        }
    }

    private func instanceOf(_ n: AlertNotice) -> String {
        n.id.hasPrefix(n.rule + "-") ? String(n.id.dropFirst(n.rule.count + 1)) : ""
    }

    /// Raised alerts from the sensors service's event stream.
    private func noticesFromEvents() -> AsyncStream<AlertNotice> {
        let events = bus.subscribe("\(prefix)/alerts/events", qos: 1, buffer: 1024)
        return AsyncStream(bufferingPolicy: .bufferingOldest(1024)) { continuation in
            let task = Task {
                for await m in events {
                    if let notice = Self.notice(fromEvent: m.payload) { continuation.yield(notice) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// An `<prefix>/alerts/events` message with `"event": "raised"` as a notice.
    public static func notice(fromEvent payload: [UInt8]) -> AlertNotice? {
        guard let json = JSONValue.parse(bytes: payload, maxDepth: 8, maxBytes: 65536), json["event"]?.stringValue == "raised",
              let id = json["id"]?.stringValue, let rule = json["rule"]?.stringValue, let sensor = json["sensor"]?.stringValue
        else { return nil }
        return AlertNotice(id: id, rule: rule, sensor: sensor, severity: json["severity"]?.stringValue ?? "",
                           message: json["message"]?.stringValue ?? "", value: json["value"]?.numberValue ?? .nan)
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}

/// The last readings of every sensor instance.
final class RecentReadings: Sendable {
    private let values = Mutex<[String: [Double]]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func add(sensor: String, instance: String, value: Double) {
        values.withLock { v in
            var list = v["\(sensor)/\(instance)", default: []]
            list.append(value)
            if list.count > limit { list.removeFirst(list.count - limit) }
            v["\(sensor)/\(instance)"] = list
        }
    }

    func values(sensor: String, instance: String) -> [Double] { values.withLock { $0["\(sensor)/\(instance)"] ?? [] } }
}

/// Wakes one waiting loop early (a signal while nobody waits is kept for the next wait).
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter { s.waiter = nil; return w }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next signal, after `limit`, or when cancelled.
    func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled { s.pending = false; return true }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }
}

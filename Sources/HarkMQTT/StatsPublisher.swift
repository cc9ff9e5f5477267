import HarkCore
import Logging
import ServiceLifecycle

/// Makes the daemon's counters visible: every `interval` publishes them as one JSON object,
/// retained, on `<prefix>/stats` (and logs them at debug level).
public struct StatsPublisher: Service {
    private let client: MQTTClient
    private let counters: Counters
    private let topic: String
    private let interval: Duration
    private let logger: Logger

    public init(client: MQTTClient, counters: Counters, topic: String, interval: Duration, logger: Logger) {
        self.client = client
        self.counters = counters
        self.topic = topic
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard client.isConnected else { continue }
            let json = Self.json(counters)
            logger.debug("counters", metadata: ["stats": "\(json)"])
            try? await client.publish(topic: topic, payload: Array(json.utf8), qos: 0, retain: true)
        }
    }

    /// `{"mqtt_dropped_messages{filter=\"a/#\"}":3,…,"intent_duration_seconds_count{…}":4,…}`: every
    /// counter and gauge of the registry, and each histogram's count and sum (seconds), read from the
    /// same registry as `GET /metrics` after the same collectors ran.
    public static func json(_ counters: Counters) -> String {
        counters.collect()
        let (all, histograms) = counters.metrics
        var w = JSONWriter()
        for c in all { w.field(c.key, Int64(c.value)) }
        for h in histograms {
            let (_, count, sum) = h.snapshot
            let labels = h.key.dropFirst(h.name.count)
            w.field("\(h.name)_count\(labels)", Int64(count))
            w.field("\(h.name)_sum\(labels)", sum)
        }
        return w.finish()
    }
}

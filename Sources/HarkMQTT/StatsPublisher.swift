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
            let json = Self.json(counters.snapshot)
            logger.debug("counters", metadata: ["stats": "\(json)"])
            try? await client.publish(topic: topic, payload: Array(json.utf8), qos: 0, retain: true)
        }
    }

    /// `{"mqtt_dropped_messages{filter=\"a/#\"}":3,…}`
    public static func json(_ snapshot: [(key: String, value: Int)]) -> String {
        var w = JSONWriter()
        for (key, value) in snapshot { w.field(key, Int64(value)) }
        return w.finish()
    }
}

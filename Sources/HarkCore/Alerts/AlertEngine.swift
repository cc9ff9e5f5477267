/// All rules over all sensor instances: routes readings, rejections, ticks and acks to the
/// matching ``RuleTracker``s (created on first sight of an instance) and returns transitions.
public struct AlertEngine: Sendable {
    public let sensors: [SensorSettings]
    public let rules: [RuleSettings]
    private let sensorByName: [String: SensorSettings]
    private let rulesBySensor: [String: [RuleSettings]]
    private let anomalySensors: Set<String>
    private var trackers: [String: RuleTracker] = [:]
    /// Tracker ids in sorted order (ticks visit them deterministically without sorting each time).
    private var order: [String] = []
    /// Tracker ids per sensor instance key ("sensor/instance").
    private var byInstance: [String: [String]] = [:]
    private var detectors: [String: AnomalyDetector] = [:]
    /// Alerts restored from disk whose instance has not reported yet.
    private var pendingRestore: [String: Alert] = [:]

    public init(sensors: [SensorSettings], rules: [RuleSettings]) {
        self.sensors = sensors
        self.rules = rules
        sensorByName = Dictionary(sensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        rulesBySensor = Dictionary(grouping: rules, by: \.sensor)
        anomalySensors = Set(rules.filter { $0.kind == .anomaly }.map(\.sensor))
        // Sensors without a '+' level have exactly one instance: track them from the start so
        // stale rules fire even if the sensor never reports.
        for s in sensors where !s.topic.contains("+") { _ = trackersFor(sensor: s.name, instance: "") }
    }

    /// Active alerts (raised or acknowledged).
    public var activeAlerts: [Alert] {
        (trackers.values.compactMap(\.alert) + pendingRestore.values).sorted { $0.id < $1.id }
    }

    /// Puts back alerts that were active before a restart.
    public mutating func restore(_ alerts: [Alert]) {
        for a in alerts where a.state != .cleared {
            if trackers[a.id] != nil {
                trackers[a.id]!.restore(a)
            } else if sensorByName[a.sensor] != nil, rules.contains(where: { $0.name == a.rule }) {
                _ = trackersFor(sensor: a.sensor, instance: a.instance)
                trackers[a.id]?.restore(a)
            }
        }
    }

    public mutating func ingest(_ reading: SensorReading) -> [AlertTransition] {
        ingestScoring(reading, alwaysScore: false).transitions
    }

    /// Like ``ingest(_:)``, also returning the anomaly score (computed for every reading when
    /// `alwaysScore`, else only for sensors with an anomaly rule).
    public mutating func ingestScoring(_ reading: SensorReading, alwaysScore: Bool = true) -> (score: Double, transitions: [AlertTransition]) {
        let key = reading.key
        let ids = byInstance[key] ?? trackersFor(sensor: reading.sensor, instance: reading.instance)
        var score = 0.0
        if alwaysScore || anomalySensors.contains(reading.sensor) {
            score = detectors[key, default: AnomalyDetector()].update(value: reading.value, time: reading.time)
        }
        var out: [AlertTransition] = []
        for id in ids { out += trackers[id]!.reading(reading, score: score) }
        return (score, out)
    }

    public mutating func reject(sensor: String, instance: String, at time: Double) -> [AlertTransition] {
        trackersFor(sensor: sensor, instance: instance).flatMap { trackers[$0]!.rejection(at: time) }
    }

    public mutating func tick(now: Double) -> [AlertTransition] {
        var out: [AlertTransition] = []
        for id in order { out += trackers[id]!.tick(now: now) }
        return out
    }

    public mutating func acknowledge(id: String, at time: Double) -> [AlertTransition] {
        trackers[id]?.acknowledge(at: time) ?? []
    }

    public func alert(id: String) -> Alert? { trackers[id]?.alert }

    private mutating func trackersFor(sensor: String, instance: String) -> [String] {
        let key = instance.isEmpty ? sensor : "\(sensor)/\(instance)"
        if let ids = byInstance[key] { return ids }
        guard let s = sensorByName[sensor] else { return [] }
        var ids: [String] = []
        for rule in rulesBySensor[sensor] ?? [] {
            let tracker = RuleTracker(rule: rule, sensor: s, instance: instance)
            if trackers.updateValue(tracker, forKey: tracker.id) == nil { order.append(tracker.id) }
            ids.append(tracker.id)
        }
        if !ids.isEmpty { order.sort() }
        byInstance[key] = ids
        return ids
    }
}

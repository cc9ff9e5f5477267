/// What `hark status` tells a person at a terminal, read from the daemon's `/metrics`: the
/// STATUS= line, each stage's health, active alerts and the counters that matter, and whether
/// anything is unhealthy (a stalled stage, or a status part that says degraded, stalled,
/// disconnected or refused).
public struct DaemonReport: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var up: Bool
    }

    public struct ActiveAlert: Sendable, Equatable {
        public var rule: String
        public var sensor: String
        public var severity: String
        public var count: Int

        public init(rule: String, sensor: String, severity: String, count: Int) {
            self.rule = rule
            self.sensor = sensor
            self.severity = severity
            self.count = count
        }
    }

    public var version: String
    public var statusLine: String
    public var uptimeSeconds: Int
    public var residentBytes: Int
    public var stages: [Stage]
    public var alerts: [ActiveAlert]
    /// `(label, value)` rows of the counters that matter, in display order.
    public var counters: [(String, String)]
    public var problems: [String]

    public var healthy: Bool { problems.isEmpty }

    public static func == (a: DaemonReport, b: DaemonReport) -> Bool {
        a.version == b.version && a.statusLine == b.statusLine && a.stages == b.stages && a.alerts == b.alerts
            && a.problems == b.problems && a.counters.map { "\($0.0)=\($0.1)" } == b.counters.map { "\($0.0)=\($0.1)" }
    }

    static let unhealthyWords = ["degraded", "stalled", "disconnected", "refused"]

    /// A sample value as a whole number to show: NaN as 0, anything past ±2^53 (±infinity
    /// included) clamped there. Values come from the network: `Int(_:)` would trap on them.
    static func whole(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(min(max(value, -9_007_199_254_740_992), 9_007_199_254_740_992))
    }

    public init(samples: [PrometheusSample]) {
        let p = PrometheusText.prefix
        func total(_ name: String, where match: ([String: String]) -> Bool = { _ in true }) -> Double {
            samples.filter { $0.name == p + name && match($0.labels) }.reduce(0) { $0 + $1.value }
        }
        func sum(_ name: String, where match: ([String: String]) -> Bool = { _ in true }) -> Int {
            Self.whole(total(name, where: match))
        }
        func has(_ name: String) -> Bool { samples.contains { $0.name == p + name } }
        version = samples.first { $0.name == p + "build_info" }?.labels["version"] ?? "?"
        statusLine = samples.first { $0.name == p + "status_info" }?.labels["status"] ?? ""
        uptimeSeconds = sum("uptime_seconds")
        residentBytes = sum("process_resident_memory_bytes")
        stages = samples.filter { $0.name == p + "stage_up" }
            .map { Stage(name: $0.labels["stage"] ?? "?", up: $0.value >= 1) }
            .sorted { $0.name < $1.name }
        alerts = samples.filter { $0.name == p + "alerts_active" && $0.value > 0 }
            .map { ActiveAlert(rule: $0.labels["rule"] ?? "?", sensor: $0.labels["sensor"] ?? "?",
                               severity: $0.labels["severity"] ?? "?", count: Self.whole($0.value)) }
            .sorted { ($0.rule, $0.sensor) < ($1.rule, $1.sensor) }
        var rows: [(String, String)] = []
        rows.append(("mqtt messages received", "\(sum("mqtt_received_messages_total"))"))
        rows.append(("mqtt reconnects", "\(max(0, sum("mqtt_connects_total") - 1))"))
        let mqttDropped = Self.whole(total("mqtt_dropped_messages_total") + total("sensor_input_dropped_total"))
        rows.append(("mqtt/sensor messages dropped", "\(mqttDropped)"))
        rows.append(("sensor readings", "\(sum("sensor_readings_total"))"))
        rows.append(("sensor readings rejected", "\(sum("sensor_rejected_total"))"))
        rows.append(("alerts raised", "\(sum("alert_events_total") { $0["event"] == "raised" })"))
        rows.append(("alert store errors", "\(sum("alert_store_errors_total"))"))
        if has("intent_commands_total") {
            rows.append(("commands", "\(sum("intent_commands_total"))"))
            rows.append(("commands not understood", "\(sum("intent_results_total") { $0["source"] == "none" })"))
        }
        if has("audio_captured_frames_total") {
            rows.append(("audio overruns", "\(sum("audio_overruns_total"))"))
            rows.append(("audio device reopens", "\(sum("audio_reopens_total"))"))
        }
        if has("cloud_requests_total") {
            rows.append(("cloud requests", "\(sum("cloud_requests_total"))"))
            rows.append(("cloud failures", "\(sum("cloud_failures_total"))"))
            rows.append(("cloud tokens today", "\(sum("cloud_tokens_today"))"))
        }
        counters = rows
        var problems = stages.filter { !$0.up }.map { "stage \($0.name) has stalled" }
        for part in statusLine.split(separator: ";").map({ $0.trimmed() }) {
            let words = part.split(separator: " ", maxSplits: 1)
            guard words.count == 2 else { continue }
            if Self.unhealthyWords.contains(where: { words[1].hasPrefix($0) }) { problems.append("\(words[0]): \(words[1])") }
        }
        if samples.isEmpty || !has("status_info") { problems.append("the endpoint answered without Hark's status (not a Hark daemon?)") }
        self.problems = problems
    }

    /// The text `hark status` prints.
    public func render(endpoint: String) -> String {
        var out = "hark \(version) at \(endpoint): \(healthy ? "healthy" : "UNHEALTHY")\n"
        out += "status:  \(statusLine.isEmpty ? "(none)" : statusLine)\n"
        out += "uptime:  \(DurationText.format(.seconds(uptimeSeconds)))   memory: \(residentBytes / 1_048_576) MiB resident\n"
        out += "stages:\n"
        if stages.isEmpty { out += "  (none registered)\n" }
        for s in stages { out += "  \(s.up ? "ok     " : "STALLED") \(s.name)\n" }
        out += "active alerts: \(Self.whole(alerts.reduce(0.0) { $0 + Double($1.count) }))\n"
        for a in alerts { out += "  \(a.severity) \(a.rule) on \(a.sensor)\(a.count > 1 ? " ×\(a.count)" : "")\n" }
        out += "counters:\n"
        let width = counters.map(\.0.count).max() ?? 0
        for (label, value) in counters {
            out += "  \(label)\(String(repeating: " ", count: width - label.count))  \(value)\n"
        }
        for p in problems { out += "problem: \(p)\n" }
        return out
    }
}

extension Substring {
    fileprivate func trimmed() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

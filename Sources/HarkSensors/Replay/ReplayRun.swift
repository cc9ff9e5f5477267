import HarkCore

/// Replays recorded readings through the same reader-free path the daemon uses (engine +
/// anomaly detector + time ticks), streaming: one output row per input row.
public struct ReplayRun {
    public struct Row: Sendable {
        public var time: Double
        public var value: Double
        public var score: Double
        /// Severity raised (or escalated to) at this row, if any.
        public var alert: Severity?
    }

    public struct Span: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var severity: Severity
    }

    private var engine: AlertEngine
    private let sensor: String
    public private(set) var spans: [Span] = []
    private var open: [String: Span] = [:]

    public init(sensor: SensorSettings, rules: [RuleSettings]) {
        self.sensor = sensor.name
        engine = AlertEngine(sensors: [sensor], rules: rules.filter { $0.sensor == sensor.name })
    }

    /// One reading at `time`; ticks the engine first so durations and staleness use data time.
    public mutating func feed(time: Double, value: Double) -> Row {
        var transitions = engine.tick(now: time)
        let (score, more) = engine.ingestScoring(SensorReading(sensor: sensor, instance: "", value: value, time: time))
        transitions += more
        var raised: Severity?
        for t in transitions {
            switch t.event {
            case .raised, .escalated:
                raised = max(raised ?? t.alert.severity, t.alert.severity)
                if var span = open[t.alert.id] {
                    span.severity = max(span.severity, t.alert.severity)
                    open[t.alert.id] = span
                } else {
                    open[t.alert.id] = Span(start: time, end: time, severity: t.alert.severity)
                }
            case .cleared, .clearedUnacknowledged:
                if var span = open.removeValue(forKey: t.alert.id) {
                    span.end = time
                    spans.append(span)
                }
            case .acknowledged, .renotified:
                break
            }
        }
        return Row(time: time, value: value, score: score, alert: raised)
    }

    /// Closes spans still open at the end of the data.
    public mutating func finish(at time: Double) {
        for (_, var span) in open {
            span.end = time
            spans.append(span)
        }
        open = [:]
        spans.sort { $0.start < $1.start }
    }
}

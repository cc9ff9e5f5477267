/// One `[[rule]]`: when a sensor's readings raise an alert, how loudly, and for how long.
public struct RuleSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case above, below, rate, stale, anomaly, fault
    }

    public var name: String
    public var sensor: String
    public var kind: Kind
    /// above/below: the raise level; rate: change per minute; anomaly: score in [0, 1].
    public var threshold: Double
    /// above/below: the level that clears the alert (hysteresis); defaults to `threshold`.
    public var clear: Double
    /// rate: the window the change is measured over.
    public var window: Duration
    /// stale: no reading for this long raises; fault: rejected readings in a row that raise.
    public var after: Duration
    public var faultCount: Int
    /// The condition must hold this long before the alert is raised.
    public var holdFor: Duration
    /// k-of-n debounce: at least `k` of the last `n` readings meet the condition.
    public var k: Int
    public var n: Int
    public var severity: Severity
    public var escalateAfter: Duration?
    public var escalateTo: Severity
    public var renotify: Duration?
    public var message: String
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        sensor = t.string("sensor") ?? ""
        kind = t.choice("kind", default: .above)
        let defaultThreshold = kind == .anomaly ? 0.9 : 0
        threshold = t.double("threshold", default: defaultThreshold, in: -1e15...1e15)
        clear = t.double("clear", default: threshold, in: -1e15...1e15)
        window = t.duration("window", default: .seconds(60), in: .seconds(1)...(.seconds(86400)))
        after = t.duration("after", default: .seconds(300), in: .seconds(1)...(.seconds(86400 * 7)))
        faultCount = t.int("fault_count", default: 3, in: 1...10000)
        holdFor = t.duration("for", default: .zero, in: .zero...(.seconds(86400)))
        k = t.int("k", default: 1, in: 1...1000)
        n = t.int("n", default: 1, in: 1...1000)
        severity = t.choice("severity", default: .warning)
        escalateAfter = t.has("escalate_after") ? t.duration("escalate_after", default: .seconds(900), in: .seconds(1)...(.seconds(86400 * 7))) : nil
        escalateTo = t.choice("escalate_to", default: severity.higher)
        renotify = t.has("renotify") ? t.duration("renotify", default: .seconds(3600), in: .seconds(1)...(.seconds(86400 * 7))) : nil
        message = t.string("message", default: Self.defaultMessage(kind))

        if !t.has("name") { t.report(nil, "needs a name", hint: "add name = \"…\"") }
        if !t.has("sensor") { t.report(nil, "needs the sensor it watches", hint: "add sensor = \"<a [[sensor]] name>\"") }
        if [.above, .below, .rate].contains(kind), !t.has("threshold") {
            t.report(nil, "a '\(kind.rawValue)' rule needs a threshold", hint: "add threshold = <number>")
        }
        if kind == .above, clear > threshold {
            t.report("clear", "must not be above the threshold of an 'above' rule", got: "\(clear)", hint: "clear at or below \(threshold)")
        }
        if kind == .below, clear < threshold {
            t.report("clear", "must not be below the threshold of a 'below' rule", got: "\(clear)", hint: "clear at or above \(threshold)")
        }
        if kind == .anomaly, !(0...1).contains(threshold) {
            t.report("threshold", "an anomaly threshold is a score between 0 and 1", got: "\(threshold)")
        }
        if k > n { t.report("k", "must not be larger than n", got: "k \(k), n \(n)") }
        if escalateAfter != nil, escalateTo <= severity {
            t.report("escalate_to", "must be more severe than severity '\(severity.rawValue)'", got: "\"\(escalateTo.rawValue)\"")
        }
        if let problem = MessageTemplate.problem(message) {
            t.report("message", problem, got: "\"\(message)\"", hint: "placeholders: " + MessageTemplate.placeholders.map { "{\($0)}" }.joined(separator: " "))
        }
    }

    static func defaultMessage(_ kind: Kind) -> String {
        switch kind {
        case .above: "{sensor} {value}{unit} above {threshold}{unit} for {duration}"
        case .below: "{sensor} {value}{unit} below {threshold}{unit} for {duration}"
        case .rate: "{sensor} changing {value}{unit}/min (limit {threshold}{unit}/min)"
        case .stale: "{sensor} silent for {duration}"
        case .anomaly: "{sensor} {value}{unit} is unusual (score {score})"
        case .fault: "{sensor} sends invalid readings"
        }
    }
}

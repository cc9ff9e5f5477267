/// One rule watching one sensor instance: decides when the condition holds (hysteresis, k-of-n
/// debounce, minimum duration) and drives its alert through raised → acknowledged → cleared.
/// A value type: feed it readings, rejections, ticks and acks; it returns transitions.
public struct RuleTracker: Sendable {
    public let rule: RuleSettings
    public let sensorName: String
    public let instance: String
    public let unit: String
    public let id: String

    /// Last `n` condition results, newest last (bounded by n ≤ 1000).
    private var recent: [Bool] = []
    private var holdingSince: Double?
    private var conditionHolds = false
    private var lastValue = Double.nan
    private var lastScore = 0.0
    private var lastSeen: Double?
    private var consecutiveRejections = 0
    /// Samples inside the rate window (bounded).
    private var window: [(t: Double, v: Double)] = []
    private var lastNotified = 0.0
    public private(set) var alert: Alert?

    public init(rule: RuleSettings, sensor: SensorSettings, instance: String) {
        self.rule = rule
        self.sensorName = sensor.name
        self.instance = instance
        self.unit = sensor.unit
        self.id = Alert.id(rule: rule.name, instance: instance)
    }

    /// Restores an alert that was active before a restart.
    public mutating func restore(_ alert: Alert) {
        guard alert.state != .cleared else { return }
        self.alert = alert
        lastNotified = alert.updatedAt
        lastValue = alert.value
    }

    private var isActive: Bool { alert != nil }

    // MARK: Inputs

    public mutating func reading(_ r: SensorReading, score: Double) -> [AlertTransition] {
        lastSeen = r.time
        lastValue = r.value
        lastScore = score
        consecutiveRejections = 0
        let met: Bool
        switch rule.kind {
        case .above: met = isActive ? r.value > rule.clear : r.value > rule.threshold
        case .below: met = isActive ? r.value < rule.clear : r.value < rule.threshold
        case .anomaly: met = score >= (isActive ? min(rule.clear, rule.threshold) : rule.threshold)
        case .rate:
            window.append((r.time, r.value))
            let horizon = r.time - Double(rule.window.components.seconds)
            if let cut = window.firstIndex(where: { $0.t >= horizon }), cut > 0 { window.removeFirst(cut) }
            if window.count > 4096 { window.removeFirst(window.count - 4096) }
            guard let first = window.first, r.time - first.t > 0 else { met = false; break }
            lastValue = (r.value - first.v) / (r.time - first.t) * 60
            met = rule.threshold >= 0 ? lastValue > rule.threshold : lastValue < rule.threshold
        case .stale:
            return alert == nil ? [] : clear(at: r.time)
        case .fault:
            return alert == nil ? [] : clear(at: r.time)
        }
        return evaluate(met, at: r.time)
    }

    public mutating func rejection(at time: Double) -> [AlertTransition] {
        guard rule.kind == .fault else { return [] }
        consecutiveRejections += 1
        lastValue = Double(consecutiveRejections)
        guard alert == nil, consecutiveRejections >= rule.faultCount else { return [] }
        return raise(at: time, limit: Double(rule.faultCount), held: 0)
    }

    /// Time passing: stale detection, minimum-duration holds, escalation and re-notification.
    public mutating func tick(now: Double) -> [AlertTransition] {
        var out: [AlertTransition] = []
        if rule.kind == .stale, alert == nil {
            let reference = lastSeen ?? now
            if lastSeen == nil { lastSeen = now }
            let silent = now - reference
            if silent >= seconds(rule.after) {
                lastValue = silent
                out += raise(at: now, limit: seconds(rule.after), held: silent)
            }
        }
        if alert == nil, conditionHolds, let since = holdingSince, now - since >= seconds(rule.holdFor) {
            out += raise(at: now, limit: rule.threshold, held: now - since)
        }
        guard var a = alert, a.state == .raised else { return out }
        if let after = rule.escalateAfter, a.severity < rule.escalateTo, now - a.raisedAt >= seconds(after) {
            a.severity = rule.escalateTo
            a.updatedAt = now
            a.message = render(held: now - a.raisedAt, severity: a.severity)
            alert = a
            lastNotified = now
            out.append(AlertTransition(event: .escalated, alert: a))
        } else if let every = rule.renotify, now - lastNotified >= seconds(every) {
            a.updatedAt = now
            alert = a
            lastNotified = now
            out.append(AlertTransition(event: .renotified, alert: a))
        }
        return out
    }

    public mutating func acknowledge(at time: Double) -> [AlertTransition] {
        guard var a = alert, a.state == .raised else { return [] }
        a.state = .acknowledged
        a.acknowledgedAt = time
        a.updatedAt = time
        alert = a
        return [AlertTransition(event: .acknowledged, alert: a)]
    }

    // MARK: Decisions

    private mutating func evaluate(_ met: Bool, at time: Double) -> [AlertTransition] {
        recent.append(met)
        if recent.count > rule.n { recent.removeFirst(recent.count - rule.n) }
        let holds = recent.lazy.filter { $0 }.count >= rule.k
        conditionHolds = holds
        if holds {
            if holdingSince == nil { holdingSince = time }
            if alert == nil, let since = holdingSince, time - since >= seconds(rule.holdFor) {
                return raise(at: time, limit: rule.threshold, held: time - since)
            }
            if var a = alert {
                a.value = lastValue
                alert = a
            }
            return []
        }
        holdingSince = nil
        return alert == nil ? [] : clear(at: time)
    }

    private mutating func raise(at time: Double, limit: Double, held: Double) -> [AlertTransition] {
        let a = Alert(
            id: id, rule: rule.name, sensor: sensorName, instance: instance, state: .raised, severity: rule.severity,
            value: lastValue, limit: limit, unit: unit, message: render(held: held, severity: rule.severity), raisedAt: time,
            acknowledgedAt: nil, clearedAt: nil, updatedAt: time)
        alert = a
        lastNotified = time
        return [AlertTransition(event: .raised, alert: a)]
    }

    private mutating func clear(at time: Double) -> [AlertTransition] {
        guard var a = alert else { return [] }
        let event: AlertTransition.Event = a.state == .acknowledged ? .cleared : .clearedUnacknowledged
        a.state = .cleared
        a.clearedAt = time
        a.updatedAt = time
        a.value = lastValue
        alert = nil
        recent.removeAll(keepingCapacity: true)
        holdingSince = nil
        conditionHolds = false
        consecutiveRejections = 0
        return [AlertTransition(event: event, alert: a)]
    }

    private func render(held: Double, severity: Severity) -> String {
        MessageTemplate.render(rule.message, [
            "sensor": instance.isEmpty ? sensorName : "\(sensorName) \(instance)", "instance": instance, "rule": rule.name,
            "value": Self.number(lastValue), "unit": unit, "threshold": Self.number(rule.threshold),
            "duration": DurationText.format(.milliseconds(Int64(max(0, held) * 1000))), "severity": severity.rawValue,
            "score": Self.number(lastScore),
        ])
    }

    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
